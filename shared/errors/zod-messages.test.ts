import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sentence } from './sentence.ts';
import { installZodMessages } from './zod-messages.ts';

installZodMessages();

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('zod’s problems read as plain words', () => {
  it('covers the common kinds a form meets', () => {
    expect(messages(z.array(z.string()).min(1), [])).toEqual(['Choose at least one']);
    expect(messages(z.string().min(1), '')).toEqual(['Required']);
    expect(messages(z.string().min(3), 'ab')).toEqual(['Must be at least 3 characters']);
    expect(messages(z.string().max(3), 'abcd')).toEqual(['Must be at most 3 characters']);
    expect(messages(z.number().max(5), 9)).toEqual(['Must be at most 5']);
    expect(messages(z.number().int(), 1.5)).toEqual(['Must be a whole number']);
    expect(messages(z.email(), 'no')).toEqual(['Must be an email address, like name@example.com']);
    expect(messages(z.url(), 'nope')).toEqual(['Must be a web address, like https://example.com']);
    expect(messages(z.iso.date(), '30/11/2026')).toEqual(['Must be a date, like 2026-11-30']);
    expect(messages(z.enum(['en', 'pl']), 'de')).toEqual(['Must be one of “en”, “pl”']);
    expect(messages(z.strictObject({ a: z.string() }), { a: 'x', b: 1 })).toEqual(['Unknown field: b']);
    expect(messages(z.object({ a: z.string() }), {})).toEqual(['Required']);
  });

  it('leaves a schema’s own words alone', () => {
    expect(messages(z.string().refine(() => false, { message: 'must not be before from' }), 'x')).toEqual(['must not be before from']);
  });

  it('no message keeps zod’s default wording', () => {
    const all = [
      ...messages(z.array(z.string()).min(2), []),
      ...messages(z.number().min(1), 0),
      ...messages(z.literal('x'), 'y'),
      ...messages(z.union([z.string(), z.number()]), true),
      ...messages(z.boolean(), 'yes'),
    ];
    for (const m of all) expect(m).not.toMatch(/Too small|Too big|expected|Invalid/);
  });

  it('turns a hub message into a sentence', () => {
    expect(sentence('wrong username or password')).toBe('Wrong username or password.');
    expect(sentence('Already counted.')).toBe('Already counted.');
  });
});
