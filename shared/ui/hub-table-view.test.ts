import { describe, expect, it } from 'vitest';
import type { ListPage } from '../schemas/list.ts';
import { HubTableView, type PageRequest } from './hub-table-view.svelte.ts';

/** A hub that answers when told to, so the order of answers is the test's to choose. */
function slowHub() {
  const asked: { req: PageRequest; answer: (p: ListPage<string>) => void }[] = [];
  const fetchPage = (req: PageRequest) => new Promise<ListPage<string>>((answer) => asked.push({ req, answer }));
  return { asked, fetchPage };
}

describe('HubTableView', () => {
  it('asks the hub for the page the controls describe and shows its answer', async () => {
    const hub = slowHub();
    const view = new HubTableView<string>(hub.fetchPage, 20);
    view.sortKey = 'at';
    view.direction = 'descending';
    const shown = view.reload();
    expect(hub.asked[0].req).toEqual({ q: '', sort: 'at', dir: 'descending', page: 0, pageSize: 20 });
    expect(view.loading).toBe(true);
    hub.asked[0].answer({ rows: ['a', 'b'], total: 45, page: 0, pageSize: 20 });
    await shown;
    expect(view).toMatchObject({ visible: ['a', 'b'], total: 45, pageCount: 3, current: 0, loading: false });
    view.sortBy('actor');
    expect(hub.asked[1].req).toMatchObject({ sort: 'actor', dir: 'ascending', page: 0 });
    view.goTo(7);
    expect(hub.asked[2].req.page).toBe(2);
  });

  it('drops an answer that comes after a newer question', async () => {
    const hub = slowHub();
    const view = new HubTableView<string>(hub.fetchPage, 20);
    const older = view.reload();
    const newer = view.reload();
    hub.asked[1].answer({ rows: ['new'], total: 1, page: 0, pageSize: 20 });
    await newer;
    hub.asked[0].answer({ rows: ['old'], total: 99, page: 0, pageSize: 20 });
    await older;
    expect(view.visible).toEqual(['new']);
    expect(view.total).toBe(1);
    expect(view.loading).toBe(false);
  });

  it('keeps a refusal to show, and clears it with the next good answer', async () => {
    let fail = true;
    const view = new HubTableView<string>(async () => {
      if (fail) throw new Error('no hub');
      return { rows: [], total: 0, page: 0, pageSize: 50 };
    });
    await view.reload();
    expect((view.error as Error).message).toBe('no hub');
    fail = false;
    await view.reload();
    expect(view.error).toBeNull();
  });
});
