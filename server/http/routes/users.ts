import { AcceptInviteBody, InviteUserBody, SetRoleBody, Username, type InviteLink, type User } from '#shared/schemas/auth.ts';
import { CreateTenantBody, type Tenant } from '#shared/schemas/mall.ts';
import { AttemptLimit } from '#server/domain/core/limits.ts';
import { DomainError } from '#server/domain/core/errors.ts';
import type { UserRecord } from '#server/storage/records.ts';
import { HttpProblem } from '../errors.ts';
import { route, type RouteContext } from '../route.ts';

const inviteGuesses = new AttemptLimit(20, 15 * 60);
const INVITE_HOURS = 72;

const toUser = (u: UserRecord): User => ({
  username: u.username,
  role: u.role,
  ...(u.tenantId ? { tenantId: u.tenantId } : {}),
  createdAt: u.createdAt,
  invited: !u.passwordHash,
  disabled: !!u.disabledAt,
});

/** The `:username` in the path, or 404 naming the field: a string that cannot be a username names no one. */
function usernameParam(ctx: RouteContext<unknown, unknown>): string {
  const username = Username.safeParse(ctx.params.username);
  if (!username.success) throw new HttpProblem(404, 'no such user', 'username');
  return username.data;
}

/** Who is asking: the signed-in operator's username (the routes below are operators' only). */
function asker(ctx: RouteContext<unknown, unknown>): string {
  const p = ctx.principal;
  if (!p || 'device' in p) throw new Error('unreachable: the route is for signed-in operators');
  return p.username;
}

const userOf = (ctx: RouteContext<unknown, unknown>, username: string): User => {
  const user = ctx.services.accounts.list().find((u) => u.username === username);
  if (!user) throw new DomainError('not_found', 'no such user', 'username');
  return toUser(user);
};

/** The link the operator passes on: the panel opens it and asks for a new password. */
const linkFor = (ctx: RouteContext<unknown, unknown>, token: string) => `${ctx.req.protocol}://${ctx.req.get('host')}/panel#invite=${token}`;

export const userRoutes = [
  route({
    method: 'get',
    path: '/api/users',
    roles: ['operator'],
    handler: ({ services }): User[] => services.accounts.list().map(toUser),
  }),
  route({
    method: 'post',
    path: '/api/users',
    roles: ['operator'],
    body: InviteUserBody,
    audit: { action: 'user.invite', target: (ctx) => (ctx.body as InviteUserBody).username },
    handler: async (ctx): Promise<InviteLink> => {
      const body = ctx.body as InviteUserBody;
      if (body.tenantId && !ctx.services.mall.tenantExists(body.tenantId)) throw new DomainError('not_found', 'no such shop', 'tenantId');
      const token = await ctx.services.accounts.invite(body);
      return { username: body.username, link: linkFor(ctx, token), expiresInHours: INVITE_HOURS };
    },
  }),
  route({
    method: 'post',
    path: '/api/users/:username/reset',
    roles: ['operator'],
    audit: { action: 'user.reset-password', target: (ctx) => ctx.params.username },
    handler: async (ctx): Promise<InviteLink> => {
      const username = usernameParam(ctx);
      const token = await ctx.services.accounts.resetPassword(username);
      return { username, link: linkFor(ctx, token), expiresInHours: INVITE_HOURS };
    },
  }),
  route({
    method: 'post',
    path: '/api/users/:username/disable',
    roles: ['operator'],
    audit: { action: 'user.disable', target: (ctx) => ctx.params.username },
    handler: async (ctx): Promise<User> => {
      const username = usernameParam(ctx);
      // Its sessions end inside, and `sessions.ended` closes their sockets at once.
      await ctx.services.accounts.setDisabled(username, true, asker(ctx));
      return userOf(ctx, username);
    },
  }),
  route({
    method: 'post',
    path: '/api/users/:username/enable',
    roles: ['operator'],
    audit: { action: 'user.enable', target: (ctx) => ctx.params.username },
    handler: async (ctx): Promise<User> => {
      const username = usernameParam(ctx);
      await ctx.services.accounts.setDisabled(username, false, asker(ctx));
      return userOf(ctx, username);
    },
  }),
  route({
    method: 'put',
    path: '/api/users/:username/role',
    roles: ['operator'],
    body: SetRoleBody,
    audit: { action: 'user.role', target: (ctx) => ctx.params.username, detail: (ctx) => `now ${(ctx.body as SetRoleBody).role}` },
    handler: async (ctx): Promise<User> => {
      const username = usernameParam(ctx);
      await ctx.services.accounts.setRole(username, (ctx.body as SetRoleBody).role, asker(ctx));
      return userOf(ctx, username);
    },
  }),
  route({
    method: 'delete',
    path: '/api/users/:username',
    roles: ['operator'],
    audit: { action: 'user.delete', target: (ctx) => ctx.params.username },
    handler: async (ctx) => {
      const username = usernameParam(ctx);
      await ctx.services.accounts.remove(username, asker(ctx));
      return { ok: true };
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/accept-invite',
    roles: 'public',
    body: AcceptInviteBody,
    handler: async ({ services, body, req }) => {
      await inviteGuesses.take(req.ip ?? 'unknown', 'too many attempts; wait 15 minutes');
      const username = await services.accounts.acceptInvite(body.token, body.password);
      await services.audit.record({ actor: `user:${username}`, action: 'user.set-password', target: username, ...(req.ip ? { from: req.ip } : {}) });
      return { username };
    },
  }),
  route({
    method: 'get',
    path: '/api/tenants',
    roles: ['operator'],
    handler: ({ services }): Tenant[] => services.mall.info().tenants,
  }),
  route({
    method: 'post',
    path: '/api/tenants',
    roles: ['operator'],
    body: CreateTenantBody,
    audit: { action: 'tenant.create', target: (ctx) => (ctx.body as CreateTenantBody).id },
    handler: async ({ services, body }): Promise<Tenant> => {
      await services.mall.addTenant(body);
      return body;
    },
  }),
];
