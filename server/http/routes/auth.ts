import { LoginBody, type Me } from '#shared/schemas/auth.ts';
import { DomainError } from '#server/domain/core/errors.ts';
import { route } from '../route.ts';
import { SESSION_COOKIE, sessionIdOf } from '../principal.ts';

export const authRoutes = [
  route({
    method: 'post',
    path: '/api/auth/login',
    roles: 'public',
    body: LoginBody,
    handler: async ({ services, body, req, res }): Promise<Me> => {
      // Guesses are budgeted per (username, address) inside login(), before the password check.
      const { sessionId, principal, expiresAt } = await services.accounts.login(body.username, body.password, req.ip ?? 'unknown');
      if (principal.role === 'tenant' && !services.mall.tenantOpen(principal.tenantId ?? '')) {
        await services.accounts.logout(sessionId);
        throw new DomainError('forbidden', "this shop is closed; ask the mall's operators");
      }
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
    roles: ['operator', 'editor', 'tenant'],
    audit: { action: 'auth.sign-out', target: ({ principal }) => (principal && !('device' in principal) ? principal.username : undefined) },
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
    roles: ['operator', 'editor', 'tenant'],
    handler: ({ principal }): Me => {
      if (!principal || 'device' in principal) throw new Error('unreachable');
      return principal.role === 'tenant'
        ? { username: principal.username, role: 'tenant', tenantId: principal.tenantId }
        : { username: principal.username, role: principal.role };
    },
  }),
];
