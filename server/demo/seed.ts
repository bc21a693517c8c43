import { PromotionInput } from '#shared/schemas/promotions.ts';
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
  for (const p of DEMO_PROMOTIONS) await services.promotions.create(PromotionInput.parse(p));
}

const ALWAYS = { from: '2024-01-01' };

/** House content for every screen, and targeted promotions that appear when their audience is here. */
export const DEMO_PROMOTIONS: PromotionInput[] = [
  {
    title: 'Welcome to Riverside Galleria',
    text: 'Over 120 shops, the river terrace and free parking after 6 pm.',
    imageUrl: '/media/welcome.svg',
    house: true,
    priority: 5,
    schedule: ALWAYS,
  },
  {
    title: 'Late-night shopping every Thursday',
    text: 'Shops open until 9 pm.',
    colours: { background: '#3a2d5c', text: '#fff6e0' },
    house: true,
    priority: 3,
    schedule: ALWAYS,
  },
  {
    title: 'Flat white, half price',
    text: 'Show your mall pass at Bean There Coffee, by the fountain.',
    imageUrl: '/media/coffee.svg',
    tenantId: 'bean-there',
    colours: { background: '#f3e3c7', text: '#3b2116' },
    segments: ['interest:coffee'],
    minAudience: 5,
    zones: ['food-court'],
    audienceLabel: 'coffee lovers',
    priority: 8,
    schedule: ALWAYS,
  },
  {
    title: 'New season at Threadline',
    text: '20% off knitwear this week with your pass.',
    imageUrl: '/media/fashion.svg',
    tenantId: 'threadline',
    colours: { background: '#f6d5d9', text: '#4a1022' },
    segments: ['interest:fashion'],
    minAudience: 5,
    zones: ['fashion', 'entrance'],
    audienceScope: 'mall',
    audienceLabel: 'fashion fans',
    priority: 6,
    schedule: ALWAYS,
  },
  {
    title: 'Good to see you again',
    text: 'A free coffee on us at any food-court café today.',
    segments: ['lapsed'],
    minAudience: 5,
    zones: ['entrance'],
    priority: 7,
    schedule: ALWAYS,
  },
];
