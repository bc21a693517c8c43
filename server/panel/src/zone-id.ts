/** Letters that Unicode does not decompose into a base letter and a mark, spelled in ASCII. */
const PLAIN: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', ħ: 'h' };

/**
 * An id for a zone from its name, so an operator never types one: lower-case ASCII words joined by
 * dashes ("Wejście główne" → "wejscie-glowne"), `zone-<n>` (n = position + 1) when nothing ASCII
 * is left (e.g. a Chinese name), and a `-2`, `-3`… suffix when `taken` already holds it.
 * At most 64 characters (the shared Id rule).
 */
export function zoneId(name: string, index: number, taken: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\x00-\x7f]/g, (c) => PLAIN[c] ?? ' ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || `zone-${index + 1}`;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}
