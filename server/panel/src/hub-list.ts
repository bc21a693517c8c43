import type { ListPage } from '#shared/schemas/list.ts';
import { HubTableView } from '#shared/ui/hub-table-view.svelte.ts';
import { api } from './api.ts';

/**
 * A list the hub searches, sorts and pages (GET `path`, answered as a ListPage): each page is asked
 * within `filters()` (read anew for every page; empty values are left out), with the view's search,
 * sort, direction, page and page size. The view's `error` holds what `api` threw (an ApiProblem).
 *   const view = hubListView<AuditEntry>('/api/audit/page', () => applied);
 */
export function hubListView<T>(path: string, filters: () => URLSearchParams | Record<string, string | undefined>, pageSize = 50): HubTableView<T> {
  return new HubTableView<T>((req) => {
    const f = filters();
    const q = new URLSearchParams([...(f instanceof URLSearchParams ? f.entries() : Object.entries(f))].filter((e): e is [string, string] => !!e[1]));
    if (req.q) q.set('q', req.q);
    if (req.sort) q.set('sort', req.sort);
    q.set('dir', req.dir);
    q.set('page', String(req.page));
    q.set('pageSize', String(req.pageSize));
    return api<ListPage<T>>(`${path}?${q}`);
  }, pageSize);
}
