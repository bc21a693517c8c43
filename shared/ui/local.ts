import { getContext, setContext } from 'svelte';
import { LocalFormat } from '#shared/format/local.ts';

const KEY = Symbol('mall-local-format');
const FALLBACK = new LocalFormat('en-GB');

/** An app's root (the panel's App.svelte): every component below writes dates and numbers with the mall's format. */
export function provideLocal(local: () => LocalFormat): void {
  setContext(KEY, local);
}

/**
 * A component's way to the mall's locale and clock (shared/format/local.ts), read through a getter
 * so a change of the mall's settings reaches it; British English outside the panel app (tests).
 */
export function useLocal(): () => LocalFormat {
  return getContext<(() => LocalFormat) | undefined>(KEY) ?? (() => FALLBACK);
}
