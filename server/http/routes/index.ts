import type { RouteDef } from '../route.ts';
import { authRoutes } from './auth.ts';
import { deviceRoutes } from './devices.ts';
import { healthRoutes } from './health.ts';
import { kioskRoutes } from './kiosks.ts';
import { mallRoutes } from './mall.ts';
import { passRoutes } from './pass.ts';

/** Every HTTP route of the hub. Add a concern's file here; the access test walks this list. */
export const routes: readonly RouteDef[] = [...healthRoutes, ...authRoutes, ...deviceRoutes, ...mallRoutes, ...passRoutes, ...kioskRoutes];
