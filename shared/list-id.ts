/** Letters that Unicode does not decompose into a base letter and a mark, spelled in ASCII. */
const PLAIN: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', ħ: 'h' };

/**
 * An id for an item of one of the mall's lists (a zone, an interest, a home area, a shop) made
 * from its name, so nobody types ids: lower-case ASCII words joined by dashes ("Wejście główne" →
 * "wejscie-glowne"), `fallback` when nothing ASCII is left (e.g. a Chinese name), and a `-2`,
 * `-3`… suffix when `taken` already holds it. At most 64 characters (the shared Id rule).
 */
export function listItemId(name: string, taken: readonly string[], fallback: string): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\x00-\x7f]/g, (c) => PLAIN[c] ?? ' ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || fallback;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}
