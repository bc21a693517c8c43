/**
 * The pass id in what a scanner read: the bare id, or a pass page URL ending in it. Anything
 * else is not a mall pass (a product barcode, say) and is ignored.
 */
export function passIdFrom(scanned: string): string | null {
  const text = scanned.trim();
  const m = /(?:^|\/pass\/)([A-Za-z0-9_-]{22})(?:[/?#].*)?$/.exec(text);
  return m ? m[1] : null;
}
