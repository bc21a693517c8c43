import { LoginBody, type Me } from '#shared/schemas/auth.ts';
import { DomainError } from '#server/domain/core/errors.ts';
import { AttemptLimit } from '#server/domain/core/limits.ts';
import { route } from '../route.ts';
import { SESSION_COOKIE, sessionIdOf } from '../principal.ts';

// Failed sign-ins are budgeted per address, and per username so a spread-out guesser is stopped
// too. Only failures count: shop staff sharing one network can all sign in.
const byAddress = new AttemptLimit(20, 15 * 60);
const byUser = new AttemptLimit(8, 15 * 60, 15 * 60);
const LOCKED = 'too many failed sign-ins; wait 15 minutes';

export const authRoutes = [
  route({
    method: 'post',
    path: '/api/auth/login',
    roles: 'public',
    body: LoginBody,
    handler: async ({ services, body, req, res }): Promise<Me> => {
      const address = req.ip ?? 'unknown';
      if ((await byAddress.blocked(address)) || (await byUser.blocked(body.username))) throw new DomainError('rate_limited', LOCKED);
      let session;
      try {
        session = await services.accounts.login(body.username, body.password);
      } catch (e) {
        if (e instanceof DomainError && e.kind === 'unauthorized') {
          await byAddress.take(address, LOCKED);
          await byUser.take(body.username, LOCKED);
        }
        throw e;
      }
      const { sessionId, principal, expiresAt } = session;
      if (principal.role === 'tenant' && !services.mall.tenantOpen(principal.tenantId ?? '')) {
        await services.accounts.logout(sessionId);
        throw new DomainError('forbidden', "this shop is closed; ask the mall's operators");
      }
      await byUser.forgive(body.username);
      res.cookie(SESSION_COOKIE, sessionId, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.secure,
        path: '/',
        expires: expiresAt,
      });
      return { username: principal.username, role: principal.role, ...(principal.tenantId ? { tenantId: principal.tenantId } : {}) };
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/logout',
    roles: ['operator', 'tenant'],
    handler: async ({ services, req, res }) => {
      const id = sessionIdOf(req);
      if (id) await services.accounts.logout(id);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/auth/me',
    roles: ['operator', 'tenant'],
    handler: ({ principal }): Me => {
      if (!principal || 'device' in principal) throw new Error('unreachable');
      return principal.role === 'tenant'
        ? { username: principal.username, role: 'tenant', tenantId: principal.tenantId }
        : { username: principal.username, role: 'operator' };
    },
  }),
];
