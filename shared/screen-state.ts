/**
 * A screen's state and orientation in one word, worked out the same way on the hub (filtering and
 * sorting the Screens list) and in the panel (deciding whether a live change moves a row).
 */
import type { Orientation, ScreenSort, ScreenState } from './schemas/screen-list.ts';
import type { ScreenStatus } from './schemas/screens.ts';

/** What the screen rendered is not what it was last sent. */
export const contentDiffers = (s: ScreenStatus): boolean => !!s.rendered && !!s.delivered && s.rendered.hash !== s.delivered.hash;

/** `offline`, `stale` (online but an old build or other content than sent) or `online`. */
export function screenState(s: ScreenStatus): ScreenState {
  if (!s.online) return 'offline';
  return s.outdated || contentDiffers(s) ? 'stale' : 'online';
}

/**
 * Portrait when the content is taller than wide: the window's shape (from its heartbeat; a screen
 * not heard from yet counts as a landscape window) turned by the screen's rotation.
 */
export function screenOrientation(s: ScreenStatus): Orientation {
  const v = s.heartbeat?.viewport ?? { width: 16, height: 9 };
  const sideways = s.rotation === 90 || s.rotation === 270;
  const tall = sideways ? v.width > v.height : v.height > v.width;
  return tall ? 'portrait' : 'landscape';
}

/** How the content column reads: nothing sent yet, waiting for the screen, matches or differs. */
export function contentWord(s: ScreenStatus): 'nothing sent yet' | 'waiting for the screen' | 'matches' | 'differs' {
  if (!s.delivered) return 'nothing sent yet';
  if (!s.rendered) return 'waiting for the screen';
  return s.rendered.hash === s.delivered.hash ? 'matches' : 'differs';
}

/**
 * What a screen is showing, in words: the promotion's title (as titled now, from the hub), or the
 * welcome card; a dash for an offline screen, whose last heartbeat is old news.
 */
export function showingNow(s: ScreenStatus): string {
  const item = s.heartbeat?.currentItem;
  if (!s.online || !item) return '—';
  if (item === 'welcome') return 'Welcome card';
  if (item === 'night') return 'Night state (closed)';
  return s.showingTitle ?? 'a promotion';
}

const STATE_RANK = { offline: 0, stale: 1, online: 2 } as const;

/**
 * A screen's value in a Screens list column, as the column sorts (numbers as numbers, words by
 * collation); `zoneName` gives a zone's name by id.
 */
export function screenSortValue(s: ScreenStatus, sort: ScreenSort, zoneName: (id: string) => string): string | number {
  switch (sort) {
    case 'name':
      return s.name;
    case 'zone':
      return zoneName(s.zoneId);
    case 'status':
      return STATE_RANK[screenState(s)];
    case 'lastSeen':
      return s.lastHeartbeatAt ? Date.parse(s.lastHeartbeatAt) : -1;
    case 'app':
      return s.heartbeat?.appVersion ?? '';
    case 'showing':
      return showingNow(s);
    case 'content':
      return contentWord(s);
    case 'latency':
      return s.latencyMs ?? -1;
    case 'cache':
      return s.cache && s.cache.wanted ? s.cache.cached / s.cache.wanted : -1;
  }
}
