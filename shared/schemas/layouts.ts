import { z } from 'zod';
import ipaddr from 'ipaddr.js';
import { Id } from './common.ts';
import { LAYOUT_TEMPLATES, REGION_WIDGETS, TEMPLATE_NAMES, TEMPLATE_REGIONS, WIDGET_NAMES, type WidgetRegion } from '../layout-templates.ts';

export * from '../layout-templates.ts';

export const LayoutTemplate = z.enum(LAYOUT_TEMPLATES);
export type LayoutTemplate = z.infer<typeof LayoutTemplate>;


/** Host names that only ever mean the local machine or the local network. */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|lan|home\.arpa)$/i;

/**
 * Why an address may not be framed on a screen, or null when it may: http(s) only (no
 * `javascript:`, `data:` or `file:`), no credentials, and no loopback, link-local or private
 * address (rule 10: a screen on the mall's network must not become a window into it).
 */
export function webPageProblem(raw: string): string | null {
  if (!URL.canParse(raw)) return 'give a full address starting with https:// or http://';
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol.replace(':', '')}: addresses cannot be shown; give an https:// or http:// address`;
  if (url.username || url.password) return 'give the address without a user name or password';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (LOCAL_NAME.test(host)) return 'local and private addresses cannot be shown on screens';
  if (ipaddr.isValid(host) && ipaddr.process(host).range() !== 'unicast') return 'local and private addresses cannot be shown on screens';
  return null;
}

/** An operator's web page for a screen: checked by `webPageProblem`. */
export const WebPageUrl = z
  .string()
  .trim()
  .max(500)
  .superRefine((u, ctx) => {
    const why = webPageProblem(u);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });

const TickerText = z.string().trim().min(1).max(200);

export const TickerWidget = z
  .strictObject({
    kind: z.literal('ticker'),
    /** `text`: the operator's own items; `titles`: the titles of the promotions playing now. */
    source: z.enum(['text', 'titles']).default('titles'),
    items: z.array(TickerText).max(20).default([]),
  })
  .refine((w) => w.source !== 'text' || w.items.length > 0, { message: 'give at least one ticker item', path: ['items'] });
export const ClockWidget = z.strictObject({ kind: z.literal('clock') });
/** "N shoppers here now": the hub's headcount, which is never below K (rule 2). */
export const LiveCountWidget = z.strictObject({ kind: z.literal('live-count') });
export const WebPageWidget = z.strictObject({ kind: z.literal('web-page'), url: WebPageUrl });
/** "Coming up": the next items of the screen's playlist. */
export const NextItemsWidget = z.strictObject({ kind: z.literal('next-items'), count: z.number().int().min(1).max(5).default(3) });

/**
 * One item of a media loop, from the mall's library: an image shows for its `seconds`, a video
 * plays to its end. `kind` says which the operator picked; the hub checks the library agrees
 * (`…items.<i>.kind`) and that the item exists (`…items.<i>.mediaId`).
 */
export const LoopEntry = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('image'), mediaId: Id, seconds: z.number().int().min(2).max(300).default(8) }),
  z.strictObject({ kind: z.literal('video'), mediaId: Id }),
]);
export type LoopEntry = z.output<typeof LoopEntry>;

/** A media loop: played in order, round and round, with no black frame between items. */
export const MediaLoop = z.array(LoopEntry).min(1, 'pick at least one image or video for the loop').max(30);

/** "Image or video loop": the operator's media from the library, looped in a region. */
export const MediaLoopWidget = z.strictObject({ kind: z.literal('media-loop'), items: MediaLoop });

export const Widget = z.discriminatedUnion('kind', [TickerWidget, ClockWidget, LiveCountWidget, WebPageWidget, NextItemsWidget, MediaLoopWidget]);
export type Widget = z.output<typeof Widget>;
export type WidgetKind = Widget['kind'];


/**
 * A layout as an operator sets it. `regions` names only regions the template has; a region left
 * out is drawn empty. Errors name the field: `regions.<name>` for a region the template lacks,
 * `regions.<name>.<i>.kind` for a widget that does not fit there.
 */
export const ScreenLayout = z
  .strictObject({
    template: LayoutTemplate,
    regions: z.record(z.string(), z.array(Widget).min(1, 'give the region at least one widget or leave it out').max(4)).default({}),
  })
  .superRefine((l, ctx) => {
    const has: readonly string[] = TEMPLATE_REGIONS[l.template];
    for (const [name, widgets] of Object.entries(l.regions)) {
      if (!has.includes(name)) {
        const message =
          name === 'main'
            ? 'the main region plays the promotions and holds no widgets'
            : `no region "${name}" in the ${TEMPLATE_NAMES[l.template]} layout${has.length ? `: it has ${has.join(' and ')}` : ''}`;
        ctx.addIssue({ code: 'custom', path: ['regions', name], message });
        continue;
      }
      widgets.forEach((w, i) => {
        if (!REGION_WIDGETS[name as WidgetRegion].includes(w.kind)) {
          ctx.addIssue({ code: 'custom', path: ['regions', name, i, 'kind'], message: `a ${WIDGET_NAMES[w.kind].toLowerCase()} does not fit the ${name}` });
        }
      });
    }
  });
export type ScreenLayoutInput = z.input<typeof ScreenLayout>;
export type ScreenLayout = z.output<typeof ScreenLayout>;


/** The origins a layout frames (web-page widgets), for the screen page's CSP. */
export function framedOrigins(layout: ScreenLayout): string[] {
  const out: string[] = [];
  for (const widgets of Object.values(layout.regions)) for (const w of widgets) if (w.kind === 'web-page') out.push(new URL(w.url).origin);
  return out;
}

/** What a screen shows outside opening hours: black, or a loop of the mall's media (full screen). */
export const NightState = z.discriminatedUnion('mode', [z.strictObject({ mode: z.literal('black') }), z.strictObject({ mode: z.literal('loop'), items: MediaLoop })]);
export type NightState = z.output<typeof NightState>;
export type NightStateInput = z.input<typeof NightState>;

/** The media ids a layout's loop widgets and a night loop name, once each. */
export function loopMediaIds(layout: ScreenLayout | null | undefined, night?: NightState | null): string[] {
  const ids = new Set<string>();
  for (const widgets of Object.values(layout?.regions ?? {})) for (const w of widgets) if (w.kind === 'media-loop') for (const e of w.items) ids.add(e.mediaId);
  if (night?.mode === 'loop') for (const e of night.items) ids.add(e.mediaId);
  return [...ids];
}

/**
 * A library item as a screen needs it to play in a loop: the files by URL (so a replaced item's
 * new file is a new URL, fetched and cached anew), and a video's length.
 */
export const LoopMedia = z.object({
  kind: z.enum(['image', 'video']),
  url: z.string(),
  posterUrl: z.string(),
  durationMs: z.number().int().positive().nullable(),
});
export type LoopMedia = z.infer<typeof LoopMedia>;

/** `GET/PUT /api/signage/night`: the mall's default night state, for screens whose groups set none. */
export const MallNightBody = z.strictObject({ night: NightState });
export type MallNightBody = z.input<typeof MallNightBody>;

/** PUT /api/screens/:id/layout: the screen's own layout, or null to follow its groups. */
export const ScreenLayoutBody = z.strictObject({ layout: ScreenLayout.nullable() });
export type ScreenLayoutBody = z.input<typeof ScreenLayoutBody>;

/** A screen's layout as the panel shows it: which one plays, and where it comes from. */
export const ScreenLayoutView = z.object({
  screenId: Id,
  layout: ScreenLayout,
  /** `screen`: set on the screen itself; `group`: from that group; `default`: full screen. */
  source: z.enum(['screen', 'group', 'default']),
  groupId: Id.nullable(),
  /** The screen's own layout, if it has one. */
  own: ScreenLayout.nullable(),
});
export type ScreenLayoutView = z.infer<typeof ScreenLayoutView>;
