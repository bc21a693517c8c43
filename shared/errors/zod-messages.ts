import { z } from 'zod';

/**
 * Plain words for every kind of problem zod finds, so a person filling a form (or a developer
 * reading an API answer) reads "Choose at least one" rather than "Too small: expected array to
 * have >=1 items". One mapping for the hub and the panel: both install it (installZodMessages).
 * A schema's own message (a refinement's "must not be before from") still wins over these.
 * Messages are sentences without a field name: the field is named beside them (the API's
 * `field`, the form's label).
 */
export function zodMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const n = (x: unknown) => (typeof x === 'bigint' ? x.toString() : String(x));
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Required';
      return `Must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'Required' : `Must be at least ${n(issue.minimum)} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? 'Choose at least one' : `Choose at least ${n(issue.minimum)}`;
      if (issue.origin === 'date') return `Must be on or after ${new Date(min).toISOString().slice(0, 10)}`;
      return issue.inclusive === false ? `Must be more than ${n(issue.minimum)}` : `Must be at least ${n(issue.minimum)}`;
    }
    case 'too_big':
      if (issue.origin === 'string') return `Must be at most ${n(issue.maximum)} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at most ${n(issue.maximum)}`;
      if (issue.origin === 'file') return `Must be at most ${Math.round(Number(issue.maximum) / 1024)} KB`;
      return issue.inclusive === false ? `Must be less than ${n(issue.maximum)}` : `Must be at most ${n(issue.maximum)}`;
    case 'invalid_format':
      return FORMAT_WORDS[issue.format] ?? 'Is not in the expected form';
    case 'not_multiple_of':
      return `Must be a multiple of ${n(issue.divisor)}`;
    case 'invalid_value': {
      const shown = issue.values.slice(0, 6).map((v) => (typeof v === 'string' ? `“${v}”` : String(v)));
      return issue.values.length === 1 ? `Must be ${shown[0]}` : `Must be one of ${shown.join(', ')}${issue.values.length > 6 ? ', …' : ''}`;
    }
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'Is not one of the accepted forms';
    case 'invalid_key':
      return 'Has a key that is not allowed';
    case 'invalid_element':
      return 'Has an entry that is not allowed';
    default:
      return undefined;
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no (true or false)',
  array: 'a list',
  object: 'an object',
  date: 'a date',
  bigint: 'a whole number',
  null: 'empty (null)',
};

const FORMAT_WORDS: Record<string, string> = {
  email: 'Must be an email address, like name@example.com',
  url: 'Must be a web address, like https://example.com',
  uuid: 'Must be an id (a UUID)',
  guid: 'Must be an id (a UUID)',
  date: 'Must be a date, like 2026-11-30',
  datetime: 'Must be a date and time, like 2026-11-30T14:05:00Z',
  time: 'Must be a time, like 14:05',
  regex: 'Has characters that are not allowed here',
  starts_with: 'Does not start as it should',
  ends_with: 'Does not end as it should',
  includes: 'Is missing a required part',
  ipv4: 'Must be an IPv4 address',
  ipv6: 'Must be an IPv6 address',
  e164: 'Must be a phone number in international form, like +447700900123',
  base64: 'Must be base64 text',
  jwt: 'Must be a token',
};

let installed = false;
/** Makes zodMessage zod's fallback everywhere in this process or page. Safe to call more than once. */
export function installZodMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: (issue) => zodMessage(issue) });
}
