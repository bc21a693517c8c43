import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Role } from '#shared/constants.ts';
import type { Principal } from '../domain/accounts/principal.ts';
import type { Services } from '../services.ts';

export interface RouteContext<B, Q> {
  services: Services;
  principal: Principal | null;
  body: B;
  query: Q;
  params: Record<string, string>;
  req: Request;
  res: Response;
}

/**
 * One HTTP route: who may call it, what its body and query must look like, and what it does.
 * Every route lives in the registry, so one test can check each refuses the wrong caller.
 */
export interface RouteDef<B = unknown, Q = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** 'public' for the few routes anyone may call (health, login). */
  roles: readonly Role[] | 'public';
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /**
   * Written to the audit log after the handler succeeds: the action's name, and what it was done
   * to (by default the `:id` or `:passId` in the path), and optionally a short note (no secrets).
   */
  audit?: {
    action: string;
    target?: (ctx: RouteContext<B, Q>, result: unknown) => string | undefined;
    detail?: (ctx: RouteContext<B, Q>, result: unknown) => string | undefined;
  };
  /** Returns the JSON body (status 200), or sends its own response and returns undefined. */
  handler: (ctx: RouteContext<B, Q>) => unknown | Promise<unknown>;
}

export const route = <B = unknown, Q = unknown>(def: RouteDef<B, Q>): RouteDef => def as RouteDef;
