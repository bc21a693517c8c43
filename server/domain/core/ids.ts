import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** 128 random bits: a pass id is a bearer secret for the pass page, so it must be unguessable. */
export const newPassId = () => randomBytes(16).toString('base64url');
export const newToken = () => randomBytes(32).toString('base64url');
export const newId = () => randomUUID();
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
