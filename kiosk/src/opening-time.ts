import type { Translate } from '#shared/i18n/translate.ts';
import type { MallHoursNow } from '#shared/schemas/devices.ts';

/**
 * "We open tomorrow at 09:00." in the kiosk's language: the time on the mall's clock, in the
 * mall's hour cycle (24-hour or am/pm, from its locale), the weekday in the shopper's language.
 * `locale` is the kiosk language's BCP 47 tag. Null when the mall is open.
 */
export function opensLine(hours: MallHoursNow | null, locale: string, t: Translate): string | null {
  if (!hours || hours.open) return null;
  if (!hours.opensAt) return t('closedNoOpening');
  const at = new Date(hours.opensAt);
  let time: string;
  let day: string;
  try {
    const hourCycle = new Intl.DateTimeFormat(hours.locale, { hour: 'numeric' }).resolvedOptions().hourCycle ?? 'h23';
    const twelve = hourCycle === 'h12' || hourCycle === 'h11';
    time = new Intl.DateTimeFormat(locale, { timeZone: hours.timeZone, hour: twelve ? 'numeric' : '2-digit', minute: '2-digit', hourCycle }).format(at);
    day = new Intl.DateTimeFormat(locale, { timeZone: hours.timeZone, weekday: 'long' }).format(at);
  } catch {
    // A time zone or locale this browser does not know: the hub's own words stay readable.
    time = hours.opensAt.slice(11, 16);
    day = hours.opensAt.slice(0, 10);
  }
  if (hours.opensDay === 'today') return t('closedOpensToday', { time });
  if (hours.opensDay === 'tomorrow') return t('closedOpensTomorrow', { time });
  return t('closedOpensOn', { day, time });
}
