import { parseCookie } from 'cookie';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../domain/accounts/principal.ts';
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
    const token = auth.slice(7).trim();
    const device = services.devices.authenticate(token);
    if (device) return { role: device.kind, device };
    const apiToken = services.apiTokens.authenticate(token);
    return apiToken ? { role: 'tenant', username: `token:${apiToken.name}`, tenantId: apiToken.tenantId } : null;
  }
  const sessionId = sessionIdOf(req);
  if (!sessionId) return null;
  const user = services.accounts.authenticate(sessionId);
  if (!user) return null;
  return user.role === 'tenant' && user.tenantId
    ? { role: 'tenant', username: user.username, tenantId: user.tenantId }
    : { role: 'operator', username: user.username };
}
