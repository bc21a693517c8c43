import { z } from 'zod';
import { ScreenCacheReport, VideoStalled } from '#shared/schemas/media.ts';
import { ImpressionBatch, ScreenHeartbeat, ScreenRendered } from '#shared/schemas/screens.ts';
import type { DeviceRecord } from '#server/storage/records.ts';
import { event, type EventContext } from '../event.ts';

function screenOf({ principal }: EventContext): DeviceRecord {
  if (!('device' in principal)) throw new Error('unreachable: signage events come from a screen');
  return principal.device;
}

/** What a screen asks for and reports: its playlist, what it painted, its health, proof of play. */
export const signageEvents = [
  event({
    name: 'playlist:get',
    roles: ['screen'],
    schema: z.strictObject({}),
    handler: (ctx) => {
      const playlist = ctx.services.playlists.forScreen(screenOf(ctx));
      ctx.services.screenHealth.fetched(screenOf(ctx).id, playlist);
      return playlist;
    },
  }),
  event({
    name: 'screen:rendered',
    roles: ['screen'],
    schema: ScreenRendered,
    handler: async (ctx, report) => {
      await ctx.services.screenHealth.rendered(screenOf(ctx).id, report);
      return {};
    },
  }),
  event({
    name: 'screen:heartbeat',
    roles: ['screen'],
    schema: ScreenHeartbeat,
    handler: (ctx, beat) => {
      ctx.services.screenHealth.heartbeat(screenOf(ctx).id, beat);
      return {};
    },
  }),
  event({
    name: 'impressions:report',
    roles: ['screen'],
    schema: ImpressionBatch,
    handler: (ctx, batch) => ctx.services.proofOfPlay.record(screenOf(ctx).id, batch),
  }),
  event({
    name: 'screen:cache',
    roles: ['screen'],
    schema: ScreenCacheReport,
    handler: (ctx, report) => {
      ctx.services.screenHealth.cacheReported(screenOf(ctx).id, report);
      return {};
    },
  }),
  event({
    name: 'screen:video-stalled',
    roles: ['screen'],
    schema: VideoStalled,
    handler: (ctx, report) => {
      ctx.services.screenHealth.videoStalled(screenOf(ctx).id, report);
      return {};
    },
  }),
];
