import type { z } from 'zod';

/** The first problem zod found, as a message and the dotted path of the field at fault. */
export function firstIssue(error: z.ZodError): { message: string; field?: string } {
  const issue = error.issues[0];
  if (!issue) return { message: 'invalid input' };
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    return { message: `unknown field ${field}`, field };
  }
  const field = issue.path.length ? issue.path.join('.') : undefined;
  return { message: field ? `${field}: ${issue.message}` : issue.message, ...(field ? { field } : {}) };
}
