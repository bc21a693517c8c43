import type { Response } from 'express';
import { Id } from '#shared/schemas/common.ts';
import { PlayReportQuery, type PlayReport } from '#shared/schemas/play-report.ts';
import type { Playlist } from '#shared/schemas/promotions.ts';
import { CalendarQuery, type PromotionCalendar } from '#shared/schemas/signage-calendar.ts';
import type { Principal } from '#server/domain/accounts/principal.ts';
import { playReportCsv } from '#server/domain/reports/play-csv.ts';
import { promotionCalendar } from '#server/domain/signage/calendar.ts';
import type { PlayScope } from '#server/domain/signage/play-report.ts';
import type { Services } from '#server/services.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

/** A shop user sees its own promotions' plays; operators and editors the mall's. */
function scopeOf(p: Principal | null): PlayScope {
  if (!p) throw new HttpProblem(401, 'sign in first');
  return p.role === 'tenant' ? { kind: 'tenant', tenantId: p.tenantId } : { kind: 'mall' };
}

function sendCsv(services: Services, scope: PlayScope, query: PlayReportQuery, res: Response): undefined {
  const { rows } = services.playReports.build(scope, query, true);
  const zones = new Map((services.mall.exists ? services.mall.record.zones : []).map((z) => [z.id, z.name]));
  const csv = playReportCsv(
    rows,
    {
      promotion: (id) => services.promotions.get(id)?.title ?? '',
      screen: (id) => services.devices.get(id)?.name ?? '',
      zone: (id) => zones.get(id) ?? '',
    },
    services.mall.timeZone,
  );
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  const who = scope.kind === 'tenant' ? scope.tenantId : 'mall';
  res.setHeader('Content-Disposition', `attachment; filename="proof-of-play-${who}-${query.from}-to-${query.to}.csv"`);
  res.send(csv);
  return undefined;
}

/**
 * Proof of play as a report (operators and editors: the mall's; shops: their own promotions'),
 * the promotions calendar, and a screen's current playlist for the panel's loop preview.
 */
export const playReportRoutes = [
  route({
    method: 'get',
    path: '/api/proof-of-play/report',
    roles: ['operator', 'editor'],
    query: PlayReportQuery,
    handler: ({ services, principal, query }): PlayReport => services.playReports.build(scopeOf(principal), query).report,
  }),
  route({
    method: 'get',
    path: '/api/proof-of-play/report.csv',
    roles: ['operator', 'editor'],
    query: PlayReportQuery,
    handler: ({ services, principal, query, res }) => sendCsv(services, scopeOf(principal), query, res),
  }),
  route({
    method: 'get',
    path: '/api/tenant/proof-of-play',
    roles: ['tenant'],
    query: PlayReportQuery,
    handler: ({ services, principal, query }): PlayReport => services.playReports.build(scopeOf(principal), query).report,
  }),
  route({
    method: 'get',
    path: '/api/tenant/proof-of-play.csv',
    roles: ['tenant'],
    query: PlayReportQuery,
    handler: ({ services, principal, query, res }) => sendCsv(services, scopeOf(principal), query, res),
  }),
  route({
    method: 'get',
    path: '/api/promotions/calendar',
    roles: ['operator', 'editor'],
    query: CalendarQuery,
    handler: ({ services, query }): PromotionCalendar =>
      promotionCalendar(
        {
          promotions: services.promotions.list(),
          screens: services.devices.list().filter((d) => d.kind === 'screen' && !d.revokedAt),
          zones: services.mall.exists ? services.mall.record.zones : [],
          timeZone: services.mall.timeZone,
          today: services.mall.clock(),
        },
        query,
      ),
  }),
  route({
    method: 'get',
    // What the screen plays now, for the panel's loop preview: the hub's own playlist for it.
    path: '/api/screens/:id/playlist',
    roles: ['operator', 'editor'],
    handler: ({ services, params }): Playlist => {
      const id = Id.safeParse(params.id);
      const screen = id.success ? services.devices.get(id.data) : undefined;
      if (!screen || screen.kind !== 'screen' || screen.revokedAt) throw new HttpProblem(404, 'no such screen', 'id');
      return services.playlists.forScreen(screen);
    },
  }),
];
