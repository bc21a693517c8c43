import type { ApiError } from '../schemas/common.ts';
import { sentence } from '../errors/sentence.ts';

/** A refusal from the hub; its message is the hub's words as a sentence ("Wrong username or password."). */
export class ApiProblem extends Error {
  readonly body: ApiError;
  constructor(
    readonly status: number,
    body: ApiError,
  ) {
    const error = typeof body?.error === 'string' ? sentence(body.error) : 'The hub refused this.';
    super(error);
    this.body = { ...body, error };
  }
}

/**
 * JSON to and from the hub, with the session cookie and never from a cache (answers carry
 * personal data or live numbers); a 4xx becomes an ApiProblem naming the field.
 */
export async function api<T>(path: string, body?: unknown, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const data = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new ApiProblem(res.status, data as ApiError);
  return data as T;
}
