import { z } from 'zod';
import { TenantReport } from '#shared/schemas/reports.ts';
import { PlayReport } from '#shared/schemas/play-report.ts';
import { route, type RouteDef } from '../route.ts';

/** Responses documented for the routes shops call from their own systems. */
const RESPONSES: Record<string, z.ZodType> = {
  'get /api/tenant/reports': TenantReport,
  'get /api/tenant/proof-of-play': PlayReport,
};

/**
 * The OpenAPI document, generated from the same zod schemas and route registry the hub uses to
 * validate, so the document cannot drift from what the hub accepts.
 */
export function openApiDocument(routes: readonly RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = r.query ? z.toJSONSchema(r.query, { io: 'input', unrepresentable: 'any' }) : null;
    const queryParams = query && typeof query === 'object' && 'properties' in query
      ? Object.entries(query.properties as Record<string, object>).map(([name, schema]) => ({
          name,
          in: 'query',
          required: ((query as { required?: string[] }).required ?? []).includes(name),
          schema,
        }))
      : [];
    const response = RESPONSES[`${r.method} ${r.path}`];
    (paths[path] ??= {})[r.method] = {
      security: r.roles === 'public' ? [] : [{ session: [] }, { bearer: [] }],
      'x-roles': r.roles,
      parameters: [...params, ...queryParams],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses: {
        200: { description: 'OK', ...(response ? { content: { 'application/json': { schema: z.toJSONSchema(response, { unrepresentable: 'any' }) } } } : {}) },
        400: { description: 'Bad input: `{error, field}`' },
        401: { description: 'Not signed in, or unknown token' },
        403: { description: 'Not allowed for this role' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Atrium hub API', version: '1' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'atrium_session' },
        bearer: { type: 'http', scheme: 'bearer', description: 'A device token, or a shop API token (atr_…)' },
      },
    },
    paths,
  };
}

export const openApiRoutes = [
  route({
    method: 'get',
    path: '/api/openapi.json',
    roles: 'public',
    handler: async () => {
      const { routes } = await import('./index.ts');
      return openApiDocument(routes);
    },
  }),
];
