import type { Translate } from '#shared/i18n/translate.ts';
import type { ShopperGreeting } from '#shared/schemas/shoppers.ts';

/**
 * The heading of the kiosk's greeting. "Welcome back" only for a member on a later visit: a tap
 * during the visit of joining (still visit 1) is greeted as already checked in, so the heading
 * never stands over "Your first visit".
 */
export function welcomeHeading(g: Pick<ShopperGreeting, 'back' | 'visitCount' | 'firstName'>, t: Translate): string {
  const name = g.firstName ? { name: g.firstName } : null;
  if (g.back && g.visitCount <= 1) return name ? t('checkedInAlreadyName', name) : t('checkedInAlready');
  if (g.back) return name ? t('welcomeBackName', name) : t('welcomeBack');
  return name ? t('welcomeName', name) : t('welcome');
}
