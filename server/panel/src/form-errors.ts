import type { z } from 'zod';
import { sentence } from '#shared/errors/sentence.ts';
import { installZodMessages } from '#shared/errors/zod-messages.ts';
import { ApiProblem } from './api.ts';

// The forms' own checks speak the same plain words as the hub's answers.
installZodMessages();

/** Field path ("schedule.to", "colours.background") → the first message for it. */
export type FieldErrors = Record<string, string>;

/**
 * Checks a form against the same shared schema the hub uses, so the operator sees the field's
 * problem before sending; the hub still checks everything itself.
 */
export function check<T extends z.ZodType>(schema: T, value: unknown): { ok: true; data: z.output<T> } | { ok: false; errors: FieldErrors } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.') || 'form';
    // An empty field is simply missing: "Required." says so, where the schema's words for a
    // filled one ("K cannot be below 2", "at least 16 characters") would puzzle. A refinement's
    // own finding ("change at least one setting") is kept: it is about the form, not the field.
    errors[key] ??= issue.code !== 'custom' && isBlank(valueAt(value, issue.path)) ? 'Required.' : sentence(issue.message);
  }
  return { ok: false, errors };
}

/** The value at a path inside the form's body (undefined where the path leads nowhere). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const step of path) at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[step] : undefined;
  return at;
}

/** Nothing typed: an empty or blank text, an empty number field (null, NaN), or no value at all. */
const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && Number.isNaN(v));

/** A refusal from the hub as field errors, so it shows next to the field it names. */
export function fromProblem(e: unknown): FieldErrors {
  if (e instanceof ApiProblem) {
    const { field, error } = e.body;
    // Shown beside the field it names, so the "field: " the API puts first is left off.
    const words = field && error.startsWith(`${field}: `) ? error.slice(field.length + 2) : error;
    return { [field ?? 'form']: sentence(words) };
  }
  return { form: 'The hub could not be reached.' };
}
