import type { Services } from '../services.ts';

export const DEMO_OPERATOR = { username: 'operator', password: 'atrium-demo' };

/** A small mall a newcomer can click through: zones, shops and an operator login. */
export async function seedDemoMall(services: Services): Promise<void> {
  await services.mall.create({
    id: services.config.mall,
    name: 'Riverside Galleria (demo)',
    zones: [
      { id: 'entrance', name: 'Main entrance' },
      { id: 'food-court', name: 'Food court' },
      { id: 'fashion', name: 'Fashion wing' },
      { id: 'tech', name: 'Tech & home' },
    ],
    tenants: [
      { id: 'bean-there', name: 'Bean There Coffee', zoneId: 'food-court' },
      { id: 'noodle-bar', name: 'Noodle Bar', zoneId: 'food-court' },
      { id: 'threadline', name: 'Threadline Fashion', zoneId: 'fashion' },
      { id: 'pixel-point', name: 'Pixel Point Electronics', zoneId: 'tech' },
    ],
    createdAt: new Date().toISOString(),
  });
  await services.accounts.createUser({ ...DEMO_OPERATOR, role: 'operator' });
  await services.accounts.createUser({ username: 'bean-there', password: 'atrium-demo', role: 'tenant', tenantId: 'bean-there' });
}
