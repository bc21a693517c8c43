import type { Express, NextFunction, Request, Response } from 'express';
import { hasRole, principalName } from '../domain/accounts/principal.ts';
import { DomainError, RateLimited } from '../domain/core/errors.ts';
import { CorruptDataFileError, DAMAGED_DATA_MESSAGE } from '../storage/durable-json-file.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import { HttpProblem, STATUS } from './errors.ts';
import { principalOf } from './principal.ts';
import type { RouteDef } from './route.ts';
import { firstIssue } from './validation.ts';

/** Registers each route with the same order of checks: who, then what, then the handler. */
export function mountRoutes(app: Express, routes: readonly RouteDef[], services: Services): void {
  for (const def of routes) {
    app[def.method](def.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const principal = principalOf(req, services);
        if (def.roles !== 'public') {
          if (!principal) throw new HttpProblem(401, 'sign in or pair this device first');
          if (!hasRole(principal, def.roles)) throw new HttpProblem(403, 'not allowed for your role');
        }
        let body: unknown = undefined;
        if (def.body) {
          const parsed = def.body.safeParse(req.body ?? undefined);
          if (!parsed.success) {
            const { message, field } = firstIssue(parsed.error);
            throw new HttpProblem(400, req.body === undefined ? 'expected a JSON body' : message, field);
          }
          body = parsed.data;
        }
        let query: unknown = undefined;
        if (def.query) {
          const parsed = def.query.safeParse(req.query);
          if (!parsed.success) {
            const { message, field } = firstIssue(parsed.error);
            throw new HttpProblem(400, message, field);
          }
          query = parsed.data;
        }
        const ctx = { services, principal, body, query, params: req.params as Record<string, string>, req, res };
        const audit = def.audit;
        // An audited handler runs with its line riding on every write it stores (Audit.audited).
        const result = audit
          ? await services.audit.audited(
              {
                actor: principal ? principalName(principal) : 'anonymous',
                action: audit.action,
                ...withTarget(audit.target ? audit.target(ctx) : (ctx.params.id ?? ctx.params.passId)),
                ...(req.ip ? { from: req.ip } : {}),
                ...withDetail(audit.detail?.(ctx)),
              },
              () => def.handler(ctx),
              // What only the result names, added to the line written now (not to the one kept).
              (r) => ({
                ...(audit.targetOfResult ? withTarget(audit.targetOfResult(ctx, r)) : {}),
                ...(audit.detailOfResult ? withDetail(audit.detailOfResult(ctx, r)) : {}),
              }),
            )
          : await def.handler(ctx);
        if (result !== undefined && !res.headersSent) res.json(result);
      } catch (e) {
        next(e);
      }
    });
  }
}

const withTarget = (target: string | undefined) => (target ? { target } : {});
const withDetail = (detail: string | undefined) => (detail ? { detail } : {});

/** Turns any error into `{error, field?}` with a 4xx where the caller is at fault; no stack traces. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let status = 500;
    let body: { error: string; field?: string } = { error: 'something went wrong on the hub' };
    if (err instanceof HttpProblem) {
      status = err.status;
      body = { error: err.message, ...(err.field ? { field: err.field } : {}) };
    } else if (err instanceof DomainError) {
      status = STATUS[err.kind];
      if (err instanceof RateLimited && !res.headersSent) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      body = { error: err.message, ...(err.field ? { field: err.field } : {}) };
    } else if (err instanceof CorruptDataFileError) {
      // A file read on demand (not at start) is damaged: refuse this request by name in the log.
      logger.error({ file: err.file, route: req.route?.path, reason: err.message }, 'data file damaged');
      if (!res.headersSent) res.status(503).json({ error: DAMAGED_DATA_MESSAGE });
      return;
    } else if (isClientError(err)) {
      // From the body parser (with a type) or the router (a path it cannot decode).
      status = err.status;
      body = {
        error:
          err.type === 'entity.too.large'
            ? 'request body too large'
            : err.type === 'entity.parse.failed'
              ? 'malformed JSON'
              : err.type
                ? 'unreadable request body'
                : 'malformed request',
      };
    }
    if (status >= 500) logger.error({ err, route: req.route?.path }, 'request failed');
    if (!res.headersSent) res.status(status).json(body);
  };
}

function isClientError(err: unknown): err is { status: number; type?: string } {
  const status = typeof err === 'object' && err !== null && 'status' in err ? (err as { status: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}
