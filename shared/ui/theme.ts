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

/**
 * Layers the mall's brand colours over the defaults (tokens.css --brand / --brand-accent).
 * Colours are '#rrggbb'; anything else (or absent) keeps Atrium's own.
 */
export function applyBrand(brand: { primary?: string | null; accent?: string | null } | null | undefined): void {
  const style = document.documentElement.style;
  if (brand?.primary && HEX.test(brand.primary)) style.setProperty('--brand', brand.primary);
  else style.removeProperty('--brand');
  if (brand?.accent && HEX.test(brand.accent)) style.setProperty('--brand-accent', brand.accent);
  else style.removeProperty('--brand-accent');
}
