import { z } from 'zod';

export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');
export const PassId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be a 22-character pass id');
export const ZoneId = Id;
export const IsoTime = z.iso.datetime({ offset: true });

/** Every socket acknowledgement has this one shape. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: string; field?: string };
export type AckFn<T> = (ack: Ack<T>) => void;

/** The body of every HTTP error. */
export const ApiError = z.object({ error: z.string(), field: z.string().optional() });
export type ApiError = z.infer<typeof ApiError>;
