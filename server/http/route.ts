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
   * Audited: the action's line is kept with the change the handler stores, in the same write, and
   * written to the audit log once the handler succeeds (mount.ts, carried-audit.ts): a crash in
   * between still leaves the line, written at start-up. A handler that fails before storing
   * anything (a 4xx) leaves no line.
   */
  audit?: {
    action: string;
    /** What it was done to, known before the handler runs; default the `:id` or `:passId` in the path. */
    target?: (ctx: RouteContext<B, Q>) => string | undefined;
    /**
     * What it was done to when only the handler's result names it (a new record's id); used instead
     * of `target`. A line written at start-up after a crash lacks it and says so.
     */
    targetOfResult?: (ctx: RouteContext<B, Q>, result: unknown) => string | undefined;
    /** A short note known before the handler runs (no secrets). */
    detail?: (ctx: RouteContext<B, Q>) => string | undefined;
    /** A short note only the handler's result gives (no secrets); a line written at start-up lacks it. */
    detailOfResult?: (ctx: RouteContext<B, Q>, result: unknown) => string | undefined;
  };
  /** Returns the JSON body (status 200), or sends its own response and returns undefined. */
  handler: (ctx: RouteContext<B, Q>) => unknown | Promise<unknown>;
}

export const route = <B = unknown, Q = unknown>(def: RouteDef<B, Q>): RouteDef => def as RouteDef;
