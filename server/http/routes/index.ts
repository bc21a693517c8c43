import type { RouteDef } from '../route.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { dashboardRoutes } from './dashboard.ts';
import { deviceRoutes } from './devices.ts';
import { healthRoutes } from './health.ts';
import { integrationRoutes } from './integrations.ts';
import { kioskRoutes } from './kiosks.ts';
import { mallRoutes } from './mall.ts';
import { mallEditRoutes } from './mall-edit.ts';
import { mallSettingsRoutes } from './mall-settings.ts';
import { mediaRoutes } from './media.ts';
import { mediaLibraryRoutes } from './media-library.ts';
import { openApiRoutes } from './openapi.ts';
import { opsRoutes } from './ops.ts';
import { passRoutes } from './pass.ts';
import { playReportRoutes } from './play-report.ts';
import { promotionRoutes } from './promotions.ts';
import { rewardRoutes } from './rewards.ts';
import { retentionRoutes } from './retention.ts';
import { screenRoutes } from './screens.ts';
import { screenGroupRoutes } from './screen-groups.ts';
import { setupRoutes } from './setup.ts';
import { shopperRoutes } from './shoppers.ts';
import { shopTokenRoutes } from './shop-tokens.ts';
import { segmentRoutes } from './segments.ts';
import { tenantRoutes } from './tenant.ts';
import { userRoutes } from './users.ts';
import { zoneFlowRoutes } from './zone-flow.ts';

/** Every HTTP route of the hub. Add a concern's file here; the access test walks this list. */
export const routes: readonly RouteDef[] = [
  ...healthRoutes,
  ...setupRoutes,
  ...authRoutes,
  ...deviceRoutes,
  ...mallRoutes,
  ...mallSettingsRoutes,
  ...mallEditRoutes,
  ...retentionRoutes,
  ...promotionRoutes,
  ...segmentRoutes,
  ...mediaRoutes,
  ...mediaLibraryRoutes,
  ...screenRoutes,
  ...playReportRoutes,
  ...screenGroupRoutes,
  ...tenantRoutes,
  ...rewardRoutes,
  ...integrationRoutes,
  ...auditRoutes,
  ...userRoutes,
  ...shopTokenRoutes,
  ...dashboardRoutes,
  ...zoneFlowRoutes,
  ...opsRoutes,
  ...openApiRoutes,
  ...passRoutes,
  ...shopperRoutes,
  ...kioskRoutes,
];
