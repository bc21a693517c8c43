import type { ApiError } from '../../../shared/schemas/common.ts';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.error);
  }
}

export async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const data = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new ApiProblem(res.status, data as ApiError);
  return data as T;
}

/** The language to start in: the pass's own, else the phone's, else English. */
export function browserLanguage(): 'en' | 'cy' | 'zh' | 'kk' | 'hu' | 'pl' {
  for (const tag of navigator.languages ?? []) {
    const l = tag.slice(0, 2).toLowerCase();
    if (l === 'en' || l === 'cy' || l === 'zh' || l === 'kk' || l === 'hu' || l === 'pl') return l;
  }
  return 'en';
}
