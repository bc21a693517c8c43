import type { z } from 'zod';
import { installZodMessages } from '#shared/errors/zod-messages.ts';

// Every answer naming a bad field uses the same plain words as the panel's forms.
installZodMessages();

/** The first problem zod found, as a message and the dotted path of the field at fault. */
export function firstIssue(error: z.ZodError): { message: string; field?: string } {
  const issue = error.issues[0];
  if (!issue) return { message: 'invalid input' };
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    return { message: `unknown field ${field}`, field };
  }
  const field = issue.path.length ? issue.path.join('.') : undefined;
  const words = field ? issue.message.charAt(0).toLowerCase() + issue.message.slice(1) : issue.message;
  return { message: field ? `${field}: ${words}` : words, ...(field ? { field } : {}) };
}
