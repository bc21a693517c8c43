import { z } from 'zod';
import { Id } from './common.ts';

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

/**
 * The roles a signed-in person can have: `operator` runs the whole mall; `editor` (a "content
 * editor") manages promotions and media only; `tenant` is a shop's user. See docs/operators.md.
 */
export const UserRole = z.enum(['operator', 'editor', 'tenant']);
export type UserRole = z.infer<typeof UserRole>;
/** The mall's own staff roles (no shop). */
export const StaffRole = z.enum(['operator', 'editor']);
export type StaffRole = z.infer<typeof StaffRole>;

export const Me = z.object({
  username: z.string(),
  role: UserRole,
  tenantId: Id.optional(),
});
export type Me = z.infer<typeof Me>;

/** Passwords: long enough to resist guessing; no composition rules (they push people to patterns). */
export const NewPassword = z.string().min(10, 'must be at least 10 characters').max(200);

export const AcceptInviteBody = z.strictObject({ token: z.string().min(20).max(100), password: NewPassword });
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;

export const Username = z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'use 2–40 lower-case letters, digits, dot, dash or underscore');

export const InviteUserBody = z.strictObject({
  username: Username,
  role: UserRole,
  tenantId: Id.optional(),
});
export type InviteUserBody = z.infer<typeof InviteUserBody>;

export const User = z.object({
  username: z.string(),
  role: UserRole,
  tenantId: Id.optional(),
  createdAt: z.string(),
  /** Waiting for the user to follow their link and set a password. */
  invited: z.boolean(),
  /** Disabled by an operator: cannot sign in until enabled again. */
  disabled: z.boolean(),
});

/** Moves a staff member between operator and content editor; their sessions end. */
export const SetRoleBody = z.strictObject({ role: StaffRole });
export type SetRoleBody = z.infer<typeof SetRoleBody>;
export type User = z.infer<typeof User>;

/** A one-time link to set a password; shown once to the operator to pass on. */
export const InviteLink = z.object({ username: z.string(), link: z.string(), expiresInHours: z.number() });
export type InviteLink = z.infer<typeof InviteLink>;
