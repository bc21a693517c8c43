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
    interests: [
      { id: 'coffee', name: 'Coffee' },
      { id: 'fashion', name: 'Fashion' },
      { id: 'tech', name: 'Tech & gadgets' },
      { id: 'food', name: 'Eating out' },
      { id: 'kids', name: 'Kids & family' },
      { id: 'sport', name: 'Sport' },
      { id: 'beauty', name: 'Beauty' },
      { id: 'books', name: 'Books' },
    ],
    areas: [
      { id: 'city-centre', name: 'City centre' },
      { id: 'riverside', name: 'Riverside' },
      { id: 'north', name: 'North suburbs' },
      { id: 'south', name: 'South suburbs' },
      { id: 'out-of-town', name: 'Out of town' },
    ],
    createdAt: new Date().toISOString(),
  });
  await services.accounts.createUser({ ...DEMO_OPERATOR, role: 'operator' });
  await services.accounts.createUser({ username: 'bean-there', password: 'atrium-demo', role: 'tenant', tenantId: 'bean-there' });
}
