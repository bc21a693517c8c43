/**
 * How many SMS parts a text takes, worked out the way the hub sends it
 * (server/domain/integrations/sms/sms-parts.ts): the GSM 03.38 alphabet when every character is
 * in it (160 units alone, 153 per joined part; the extension characters count two), else UCS-2
 * (70 UTF-16 units alone, 67 per joined part). Shared so the panel can show the count as one types.
 */

/** GSM 03.38 basic character set (the escape 0x1B left out). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table, each character sent as escape + one: two units. */
const GSM_EXTENSION = '\f^{}\\[~]|€';
const GSM = new Set([...GSM_BASIC, ...GSM_EXTENSION]);

export interface SmsLength {
  encoding: 'gsm7' | 'ucs2';
  /** Units used: GSM septets or UTF-16 code units. */
  units: number;
  parts: number;
}

export function smsLength(text: string): SmsLength {
  const gsm = [...text].every((ch) => GSM.has(ch));
  if (gsm) {
    const units = [...text].reduce((n, ch) => n + (GSM_EXTENSION.includes(ch) ? 2 : 1), 0);
    return { encoding: 'gsm7', units, parts: units <= 160 ? 1 : chunks(text, 153, (ch) => (GSM_EXTENSION.includes(ch) ? 2 : 1)) };
  }
  return { encoding: 'ucs2', units: text.length, parts: text.length <= 70 ? 1 : chunks(text, 67, (ch) => ch.length) };
}

/** Parts of at most `size` units, never splitting an escape pair or a surrogate pair (as sms-parts.ts splits). */
function chunks(text: string, size: number, unitsOf: (ch: string) => number): number {
  let parts = 1;
  let used = 0;
  for (const ch of text) {
    const u = unitsOf(ch);
    if (used + u > size) {
      parts++;
      used = 0;
    }
    used += u;
  }
  return parts;
}
