import type { ApiError } from '../schemas/common.ts';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.error);
  }
}

/**
 * JSON to and from the hub, with the session cookie and never from a cache (answers carry
 * personal data or live numbers); a 4xx becomes an ApiProblem naming the field.
 */
export async function api<T>(path: string, body?: unknown, method: 'GET' | 'POST' | 'PUT' | 'DELETE' = body === undefined ? 'GET' : 'POST'): Promise<T> {
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
