/**
 * A setting a long-lived module reads at each use: a fixed value (tests, tools) or a function that
 * returns the current one, so a change an operator makes in the panel (the mall's time zone, K)
 * applies at once without a restart.
 */
export type Live<T> = T | (() => T);

/** The setting's value now. */
export const readLive = <T extends string | number>(v: Live<T>): T => (typeof v === 'function' ? v() : v);
