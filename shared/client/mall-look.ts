import type { Brand } from '../schemas/mall.ts';

/** An item of one of the mall's lists a shopper may pick, named in the mall's languages. */
export type MallChoice = { id: string; name: string; names?: Partial<Record<string, string>> };

/** What a kiosk or screen shows of the mall itself: its name, brand, and the lists a shopper picks from (kiosks). */
export interface DeviceMall {
  name: string;
  brand: Brand;
  choices: { interests: MallChoice[]; areas: MallChoice[]; ageBands: MallChoice[] };
}

/** Kept per app (kiosk, screen): each keeps the mall as the hub last described it to it. */
const KEY = (app: string) => `atrium.${app}.mall`;
const HEX = /^#[0-9a-f]{6}$/;
const isChoices = (v: unknown): v is MallChoice[] => Array.isArray(v) && v.every((c) => typeof c?.id === 'string' && typeof c?.name === 'string');

/** The mall as GET /api/mall answered (extra fields dropped), or null if it does not look like one. */
export function deviceMallFrom(raw: unknown): DeviceMall | null {
  const m = raw as { name?: unknown; brand?: Partial<Brand>; interests?: unknown; areas?: unknown; ageBands?: unknown } | null;
  const b = m?.brand;
  if (typeof m?.name !== 'string' || !b || ![b.primary, b.primaryInk, b.accent, b.accentInk].every((c) => typeof c === 'string' && HEX.test(c))) return null;
  const list = (v: unknown) => (isChoices(v) ? v : []);
  const logo = typeof b.logoUrl === 'string' && b.logoUrl.startsWith('/brand/') ? { logoUrl: b.logoUrl } : {};
  return {
    name: m.name,
    brand: { primary: b.primary!, primaryInk: b.primaryInk!, accent: b.accent!, accentInk: b.accentInk!, ...logo },
    choices: { interests: list(m.interests), areas: list(m.areas), ageBands: list(m.ageBands) },
  };
}

/** The mall as the hub last described it, so a device started with the hub down still looks like the mall. Nothing about shoppers. */
export function loadDeviceMall(app: 'kiosk' | 'screen', storage: Pick<Storage, 'getItem'> = localStorage): DeviceMall | null {
  try {
    return deviceMallFrom(JSON.parse(storage.getItem(KEY(app)) ?? 'null'));
  } catch {
    return null;
  }
}

export function saveDeviceMall(app: 'kiosk' | 'screen', mall: DeviceMall, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY(app), JSON.stringify({ name: mall.name, brand: mall.brand, ...mall.choices }));
}

/** Asks the hub for the mall with a device's token; null when it cannot be reached or answers oddly. */
export async function fetchDeviceMall(token: string): Promise<DeviceMall | null> {
  const res = await fetch('/api/mall', { headers: { authorization: `Bearer ${token}` } });
  return res.ok ? deviceMallFrom(await res.json()) : null;
}

/**
 * Draws the kiosk in the mall's colours: main buttons and headers take the main colour
 * (`--accent`, with `--accent-ink` text), highlights the accent (`--brand-accent`).
 */
export function applyBrand(brand: Brand, root: HTMLElement = document.documentElement): void {
  // The kiosk's attract screen and frame are drawn in --brand (kiosk/src/kiosk.css).
  root.style.setProperty('--brand', brand.primary);
  root.style.setProperty('--brand-ink', brand.primaryInk);
  root.style.setProperty('--accent', brand.primary);
  root.style.setProperty('--accent-ink', brand.primaryInk);
  root.style.setProperty('--brand-accent', brand.accent);
  root.style.setProperty('--brand-accent-ink', brand.accentInk);
}
