/**
 * A screen's layout: one of a few templates, each with a main region (the live-ranked promotions)
 * and widget regions beside it. Every template has a landscape and a portrait variant: the screen
 * lays it out by its own shape (after rotation), so one layout serves both kinds of display.
 * Kept free of zod so the screen app can use it without the schema library (the schemas are in
 * shared/schemas/layouts.ts, which re-exports this).
 */
export const LAYOUT_TEMPLATES = ['full', 'main-ticker', 'main-sidebar', 'main-ticker-sidebar'] as const;
export type LayoutTemplateName = (typeof LAYOUT_TEMPLATES)[number];

/** The widget regions of each template (the main region is always there and holds no widgets). */
export const TEMPLATE_REGIONS = {
  full: [],
  'main-ticker': ['ticker'],
  'main-sidebar': ['sidebar'],
  'main-ticker-sidebar': ['ticker', 'sidebar'],
} as const satisfies Record<LayoutTemplateName, readonly string[]>;
export type WidgetRegion = 'ticker' | 'sidebar';

export const TEMPLATE_NAMES: Record<LayoutTemplateName, string> = {
  full: 'Full screen',
  'main-ticker': 'Main + bottom ticker',
  'main-sidebar': 'Main + sidebar',
  'main-ticker-sidebar': 'Main + ticker + sidebar',
};

export const WIDGET_KINDS = ['ticker', 'clock', 'live-count', 'web-page', 'next-items', 'media-loop'] as const;
export type WidgetKindName = (typeof WIDGET_KINDS)[number];

export const WIDGET_NAMES: Record<WidgetKindName, string> = {
  ticker: 'Ticker',
  clock: 'Clock',
  'live-count': 'Live count',
  'web-page': 'Web page',
  'next-items': 'Coming up',
  'media-loop': 'Image or video loop',
};

/** What fits each region: the ticker is a thin strip, the sidebar a column. */
export const REGION_WIDGETS: Record<WidgetRegion, readonly WidgetKindName[]> = {
  ticker: ['ticker', 'clock', 'live-count'],
  sidebar: ['clock', 'live-count', 'web-page', 'next-items', 'media-loop'],
};

/** The layout of a screen nobody gave one: the main region alone. */
export const FULL_SCREEN = { template: 'full', regions: {} } as const satisfies { template: LayoutTemplateName; regions: Record<string, never> };
