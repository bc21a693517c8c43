import { z } from 'zod';
import { Id } from './common.ts';

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const Me = z.object({
  username: z.string(),
  role: z.enum(['operator', 'tenant']),
  tenantId: Id.optional(),
});
export type Me = z.infer<typeof Me>;
