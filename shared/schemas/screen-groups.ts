import { z } from 'zod';
import { Id } from './common.ts';
import { NightState, ScreenLayout } from './layouts.ts';

/**
 * A named set of screens beside zones ("food court portrait", "entrances"): promotions target
 * groups, a group may give its screens a layout and a night state, and the panel's actions
 * (reload, identify) reach every screen of a group at once.
 */
export const ScreenGroupInput = z.strictObject({
  name: z.string().trim().min(1).max(60),
  screens: z.array(Id).max(500).default([]),
  /** The layout of the group's screens (a screen's own layout wins); null: full screen. */
  layout: ScreenLayout.nullable().default(null),
  /** What the group's screens show outside opening hours; null: black. */
  night: NightState.nullable().default(null),
});
export type ScreenGroupInput = z.input<typeof ScreenGroupInput>;
export type ScreenGroupFields = z.output<typeof ScreenGroupInput>;

export const ScreenGroup = z.object({
  id: Id,
  name: z.string(),
  screens: z.array(Id),
  layout: ScreenLayout.nullable(),
  night: NightState.nullable(),
});
export type ScreenGroup = z.infer<typeof ScreenGroup>;
