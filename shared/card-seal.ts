/**
 * Seals a card value to the hub's public key (SPKI DER, base64) with RSA-OAEP/SHA-256, using
 * WebCrypto only, so the kiosk page (offline queue) and the reader bridge on the kiosk PC (Node,
 * every tap) seal the same way and the hub opens both with one key (server/domain/enrolment/offline-seal.ts).
 * The result is base64 ciphertext; a value over 190 bytes does not fit one RSA-2048 OAEP block and throws.
 */
export async function sealCard(card: string, spki: string): Promise<string> {
  const der = Uint8Array.from(atob(spki), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('spki', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, key, new TextEncoder().encode(card)));
  let bin = '';
  for (const b of sealed) bin += String.fromCharCode(b);
  return btoa(bin);
}
