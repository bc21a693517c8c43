import { parseCookie } from 'cookie';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../domain/principal.ts';
import type { Services } from '../services.ts';

export const SESSION_COOKIE = 'atrium_session';

export function sessionIdOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

/** Resolves a login session cookie or a device's bearer token to who is calling. */
export function principalOf(req: IncomingMessage, services: Services): Principal | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const device = services.devices.authenticate(auth.slice(7).trim());
    return device ? { role: device.kind, device } : null;
  }
  const sessionId = sessionIdOf(req);
  if (!sessionId) return null;
  const user = services.accounts.authenticate(sessionId);
  if (!user) return null;
  return user.role === 'tenant' && user.tenantId
    ? { role: 'tenant', username: user.username, tenantId: user.tenantId }
    : { role: 'operator', username: user.username };
}
