import type { RouteDef } from '../route.ts';
import { authRoutes } from './auth.ts';
import { deviceRoutes } from './devices.ts';
import { healthRoutes } from './health.ts';
import { mallRoutes } from './mall.ts';
import { promotionRoutes } from './promotions.ts';
import { screenRoutes } from './screens.ts';

/** Every HTTP route of the hub. Add a concern's file here; the access test walks this list. */
export const routes: readonly RouteDef[] = [...healthRoutes, ...authRoutes, ...deviceRoutes, ...mallRoutes, ...promotionRoutes, ...screenRoutes];
