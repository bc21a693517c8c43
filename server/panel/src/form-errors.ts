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
    errors[key] ??= sentence(issue.message);
  }
  return { ok: false, errors };
}

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
