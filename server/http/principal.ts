import { parseCookie } from 'cookie';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../domain/accounts/principal.ts';
import type { Services } from '../services.ts';

export const SESSION_COOKIE = 'atrium_session';

export function sessionIdOf(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

/** Resolves a login session cookie or a device's bearer token to who is calling. */
export function principalOf(req: Pick<IncomingMessage, 'headers'>, services: Services): Principal | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const token = auth.slice(7).trim();
    const device = services.devices.authenticate(token);
    if (device) return { role: device.kind, device };
    const apiToken = services.apiTokens.authenticate(token);
    // A closed shop's API tokens stop working with it.
    return apiToken && services.mall.tenantOpen(apiToken.tenantId) ? { role: 'tenant', username: `token:${apiToken.name}`, tenantId: apiToken.tenantId } : null;
  }
  const sessionId = sessionIdOf(req);
  if (!sessionId) return null;
  const user = services.accounts.authenticate(sessionId);
  if (!user) return null;
  if (user.role === 'tenant') {
    // A shop user without an open shop has no access: the shop closed (its data stays for reports).
    return user.tenantId && services.mall.tenantOpen(user.tenantId) ? { role: 'tenant', username: user.username, tenantId: user.tenantId } : null;
  }
  return { role: user.role, username: user.username };
}
