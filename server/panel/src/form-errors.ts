import type { z } from 'zod';
import { ApiProblem } from './api.ts';

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
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A refusal from the hub as field errors, so it shows next to the field it names. */
export function fromProblem(e: unknown): FieldErrors {
  if (e instanceof ApiProblem) return { [e.body.field ?? 'form']: e.body.error };
  return { form: 'The hub could not be reached.' };
}
