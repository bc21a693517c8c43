import type { Page } from '@playwright/test';
import { enrolByTap } from '#server/testing/enrol.ts';
import type { TestHub } from '#server/testing/test-hub.ts';

/**
 * A keyboard-wedge reader set to the US layout, typing into a PC set to some layout. The reader
 * sends the physical key (scan code) a US keyboard would use for each character; the PC's layout
 * then decides what `KeyboardEvent.key` says. The events go through Chromium's real input path
 * (CDP Input.dispatchKeyEvent, as page.keyboard does), so they are trusted, queued by the browser
 * while the page is busy and stamped with the time they were sent.
 */
export type Layout = 'us' | 'azerty';

interface PhysicalKey {
  code: string;
  shift: boolean;
}

/** The physical key a US-set reader presses for each character it types. */
function usKey(ch: string): PhysicalKey {
  if (ch === '\n') return { code: 'Enter', shift: false };
  if (/[0-9]/.test(ch)) return { code: `Digit${ch}`, shift: false };
  if (/[a-z]/.test(ch)) return { code: `Key${ch.toUpperCase()}`, shift: false };
  if (/[A-Z]/.test(ch)) return { code: `Key${ch}`, shift: true };
  const special: Record<string, PhysicalKey> = {
    '%': { code: 'Digit5', shift: true },
    '^': { code: 'Digit6', shift: true },
    '?': { code: 'Slash', shift: true },
    '/': { code: 'Slash', shift: false },
    ';': { code: 'Semicolon', shift: false },
    ':': { code: 'Semicolon', shift: true },
    '=': { code: 'Equal', shift: false },
    '-': { code: 'Minus', shift: false },
    '_': { code: 'Minus', shift: true },
    '.': { code: 'Period', shift: false },
    ' ': { code: 'Space', shift: false },
  };
  const k = special[ch];
  if (!k) throw new Error(`no US key for ${JSON.stringify(ch)}`);
  return k;
}

const AZERTY_DIGITS = 'à&é"\'(-è_ç';
const AZERTY_LETTERS: Record<string, string> = { A: 'q', Q: 'a', W: 'z', Z: 'w', M: ',' };
const AZERTY_OTHER: Record<string, [string, string]> = {
  Semicolon: ['m', 'M'],
  Slash: ['!', '§'],
  Equal: ['=', '+'],
  Minus: [')', '°'],
  Period: [';', '.'],
  Space: [' ', ' '],
};

/** What `KeyboardEvent.key` says for a physical key on a French (AZERTY) PC. */
function azertyKey({ code, shift }: PhysicalKey): string {
  if (code === 'Enter') return 'Enter';
  const digit = /^Digit(\d)$/.exec(code);
  if (digit) return shift ? digit[1] : AZERTY_DIGITS[Number(digit[1])];
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) {
    const l = AZERTY_LETTERS[letter[1]] ?? letter[1].toLowerCase();
    return shift ? l.toUpperCase() : l;
  }
  const other = AZERTY_OTHER[code];
  if (!other) throw new Error(`no AZERTY key for ${code}`);
  return other[shift ? 1 : 0];
}

function usKeyName({ code, shift }: PhysicalKey, ch: string): string {
  void shift;
  return code === 'Enter' ? 'Enter' : ch;
}

/** What the layout makes of a US-set reader's `text` (for checking the test itself). */
export function asTyped(text: string, layout: Layout): string {
  return [...text].map((ch) => (layout === 'us' ? ch : azertyKey(usKey(ch)))).join('');
}

export interface WedgeOptions {
  layout?: Layout;
  /** Milliseconds between keys, as the reader sends them. */
  gapMs?: number;
  /** Busy the page's main thread for this long right after this many keys (1-based). */
  stall?: { afterKey: number; ms: number };
  /** The reader itself stops for this long after this many keys (a card pulled away mid-read). */
  pause?: { afterKey: number; ms: number };
}

/**
 * Types `text` then Enter as a wedge reader does: keys sent `gapMs` apart without waiting for the
 * page to handle each one (a reader does not wait either), so a busy page gets them late.
 */
export async function wedge(page: Page, text: string, { layout = 'us', gapMs = 8, stall, pause }: WedgeOptions = {}): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  if (stall) {
    await page.evaluate(({ afterKey, ms }) => {
      let n = 0;
      const busy = () => {
        if (++n !== afterKey) return;
        window.removeEventListener('keydown', busy, true);
        const end = performance.now() + ms;
        while (performance.now() < end) {
          /* the page is busy: a long task, a garbage collection, a slow repaint */
        }
      };
      window.addEventListener('keydown', busy, true);
    }, stall);
  }
  const sent: Promise<unknown>[] = [];
  let n = 0;
  for (const ch of `${text}\n`) {
    if (pause && n++ === pause.afterKey) await new Promise((r) => setTimeout(r, pause.ms));
    const physical = usKey(ch);
    const key = layout === 'us' ? usKeyName(physical, ch) : azertyKey(physical);
    const enter = physical.code === 'Enter';
    const common = { key, code: physical.code, modifiers: physical.shift ? 8 : 0, windowsVirtualKeyCode: enter ? 13 : key.toUpperCase().charCodeAt(0) };
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...common, text: enter ? '\r' : key, unmodifiedText: enter ? '\r' : key }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common }));
    await new Promise((r) => setTimeout(r, gapMs));
  }
  await Promise.all(sent);
  await cdp.detach();
}

/** Enrols a card on the hub through a kiosk socket of its own; returns the pass id. */
export async function enrolCard(hub: TestHub, card: string, firstName = 'Olek', zone = 'food-court'): Promise<string> {
  const kiosk = await hub.socket({ token: (await hub.pair('kiosk', zone)).token });
  try {
    return (await enrolByTap(kiosk, card, { firstName })).passId;
  } finally {
    kiosk.close();
  }
}
