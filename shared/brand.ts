/**
 * The mall's brand colours and the text colour that stays readable on each. Free of zod, for the
 * kiosk's first load; the schemas in shared/schemas/mall.ts check colours with these.
 */

/** Text on a brand colour is white or this near-black, whichever reads better. */
export const LIGHT_INK = '#ffffff';
export const DARK_INK = '#111827';
/** WCAG 2 AA for normal text. */
export const MIN_CONTRAST = 4.5;

/** The light page kiosks and the pass page draw on; the main colour is also text on it (secondary buttons, links). */
export const PAPER = '#fbf8f3';

/** Until an operator picks the mall's own: Atrium's blue and its house navy. */
export const DEFAULT_BRAND = { primary: '#0b5cad', accent: '#20324a' } as const;

/** WCAG 2 relative luminance of a "#rrggbb" colour, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio of two "#rrggbb" colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The text colour (white or near-black) that reads best on `background`, and its contrast ratio. */
export function inkFor(background: string): { ink: string; ratio: number } {
  const light = contrast(background, LIGHT_INK);
  const dark = contrast(background, DARK_INK);
  return light >= dark ? { ink: LIGHT_INK, ratio: light } : { ink: DARK_INK, ratio: dark };
}

/**
 * Why text on `background` would be hard to read, or null when white or dark text reaches
 * WCAG AA (4.5:1) on it. Mid-tones (neither light nor dark) fail.
 */
export function unreadableOn(background: string): string | null {
  const { ratio } = inkFor(background);
  if (ratio >= MIN_CONTRAST) return null;
  const r = (n: number) => n.toFixed(1);
  return `text on ${background} is hard to read: white reaches ${r(contrast(background, LIGHT_INK))}:1 and dark text ${r(contrast(background, DARK_INK))}:1, below the ${MIN_CONTRAST}:1 WCAG AA asks; pick a darker or lighter colour`;
}

/**
 * Why the main colour would not do, or null: it carries white text (buttons, headers) and is
 * itself text on the light page (secondary buttons, links), so it must reach 4.5:1 against the
 * page, and so against white. Light main colours are refused; the accent may be light.
 */
export function unreadableMain(colour: string): string | null {
  const ratio = contrast(colour, PAPER);
  if (ratio >= MIN_CONTRAST) return null;
  return `white text on ${colour}, and ${colour} as text on a light page, reach ${ratio.toFixed(1)}:1, below the ${MIN_CONTRAST}:1 WCAG AA asks; pick a darker colour`;
}
