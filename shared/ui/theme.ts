/**
 * Light or dark: the device's setting unless the person chose one, stored per browser.
 * The choice lands on <html data-theme>, which tokens.css reads.
 */
export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY = 'atrium-theme';

/** The stored choice; 'system' when none is stored or storage is unavailable. */
export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Applies a choice to the page and remembers it ('system' forgets it). */
export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Private mode or storage full: the choice holds for this page only.
  }
}

/** The theme in effect now, 'light' or 'dark', after the device's preference is taken into account. */
export function effectiveTheme(choice: ThemeChoice = storedTheme()): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const HEX = /^#[0-9a-f]{6}$/i;
const BRAND_VARS = [
  ['primary', '--brand'],
  ['primaryInk', '--on-brand'],
  ['accent', '--brand-accent'],
  ['accentInk', '--on-brand-accent'],
] as const;

/** The mall's colours as the hub sends them (MallInfo.brand): each '#rrggbb', each ink readable on its colour. */
export interface BrandColours {
  primary?: string;
  primaryInk?: string;
  accent?: string;
  accentInk?: string;
}

/**
 * Layers the mall's brand colours over Atrium's defaults (tokens.css --brand, --on-brand,
 * --brand-accent, --on-brand-accent). A colour that is absent or not '#rrggbb' keeps the default.
 */
export function applyBrand(brand: BrandColours | null | undefined): void {
  const style = document.documentElement.style;
  for (const [key, variable] of BRAND_VARS) {
    const colour = brand?.[key];
    if (colour && HEX.test(colour)) style.setProperty(variable, colour);
    else style.removeProperty(variable);
  }
}
