/** Promotions and screens' status as the panel sees them, mapped explicitly from storage records. */
import type { Promotion } from '#shared/schemas/promotions.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import type { DeviceRecord, PromotionRecord, ScreenGroupRecord } from '#server/storage/records.ts';
import type { ScreenGroup } from '#shared/schemas/screen-groups.ts';
import type { NightState, ScreenLayout, ScreenLayoutView } from '#shared/schemas/layouts.ts';
import type { ScreenGroups } from './screen-groups.ts';
import type { ScreenHealth } from './screen-health.ts';
import { isOutdated } from '#shared/build.ts';
import { rotationOf } from '../devices/wire.ts';

export const toPromotion = (p: PromotionRecord): Promotion => ({
  id: p.id,
  title: p.title,
  text: p.text,
  ...(p.imageUrl ? { imageUrl: p.imageUrl } : {}),
  ...(p.media ? { media: { id: p.media.id, play: p.media.play } } : {}),
  ...(p.tenantId ? { tenantId: p.tenantId } : {}),
  colours: { ...p.colours },
  segments: [...p.segments],
  minAudience: p.minAudience,
  zones: [...p.zones],
  screens: [...p.screens],
  audienceScope: p.audienceScope,
  ...(p.audienceLabel ? { audienceLabel: p.audienceLabel } : {}),
  schedule: { from: p.schedule.from, ...(p.schedule.to ? { to: p.schedule.to } : {}), days: [...p.schedule.days], dayParts: p.schedule.dayParts.map((d) => ({ ...d })) },
  priority: p.priority,
  durationSeconds: p.durationSeconds,
  house: p.house,
  redemptionsPerShopper: p.redemptionsPerShopper ?? 1,
  offerEmail: p.offerEmail ? { ...p.offerEmail } : { enabled: false, subject: '', text: '' },
  offerSms: p.offerSms ? { ...p.offerSms } : { enabled: false, text: '' },
  groups: [...(p.groups ?? [])],
  outsideHours: p.outsideHours ?? false,
  translations: structuredClone(p.translations ?? {}),
  status: p.status,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/**
 * `connected`: the screen's socket is open; it is online only while its heartbeats are fresh too.
 * `titleOf`: a promotion's title now, by id (undefined for an unknown id).
 */
export function toScreenStatus(d: DeviceRecord, health: ScreenHealth, connected: boolean, hubBuild: string, titleOf: (promotionId: string) => string | undefined): ScreenStatus {
  const beat = health.lastHeartbeat(d.id);
  const delivery = health.delivery(d.id);
  const online = connected && health.isOnline(d.id);
  const item = online ? beat?.beat.currentItem : null;
  return {
    screenId: d.id,
    name: d.name,
    zoneId: d.zoneId,
    rotation: rotationOf(d),
    online,
    lastHeartbeatAt: beat ? new Date(beat.at).toISOString() : null,
    heartbeat: beat?.beat ?? null,
    delivered: delivery.delivered ? { version: delivery.delivered.version, hash: delivery.delivered.hash, at: delivery.delivered.at } : null,
    rendered: delivery.rendered ? { version: delivery.rendered.version, hash: delivery.rendered.hash, at: delivery.rendered.at } : null,
    showingTitle: item && item !== 'welcome' ? (titleOf(item) ?? null) : null,
    latencyMs: delivery.rendered?.latencyMs ?? null,
    outdated: isOutdated(beat?.beat.appVersion, hubBuild),
    cache: health.cache(d.id),
    lastVideoStall: health.lastVideoStall(d.id),
  };
}

export const toScreenGroup = (g: ScreenGroupRecord): ScreenGroup => ({
  id: g.id,
  name: g.name,
  screens: [...g.screens],
  layout: g.layout ? (structuredClone(g.layout) as ScreenLayout) : null,
  night: g.night ? (structuredClone(g.night) as NightState) : null,
});

/** A screen's layout for the panel: the one it plays and where it comes from, and its own if set. */
export function toScreenLayoutView(services: { screenGroups: ScreenGroups }, screenId: string): ScreenLayoutView {
  const { layout, source, groupId } = services.screenGroups.layoutOf(screenId);
  return { screenId, layout: structuredClone(layout), source, groupId, own: services.screenGroups.ownLayout(screenId) };
}
