/**
 * The shape of a year of mall traffic, from common retail footfall patterns: weekends and late
 * afternoons busiest, December the peak month, January the trough; a few zones draw most people.
 */

/** Sunday first, as Date.getUTCDay(). */
export const WEEKDAY_WEIGHT = [1.25, 0.7, 0.75, 0.8, 0.9, 1.15, 1.6];

/** Jan..Dec. */
export const MONTH_WEIGHT = [0.75, 0.8, 0.9, 0.95, 1.0, 1.0, 1.05, 1.05, 0.95, 1.0, 1.15, 1.5];

/** Opening hours 09–21 (UTC stands in for local time in generated data). */
export const HOUR_WEIGHT = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.4, 0.8, 1.1, 1.5, 1.4, 1.1, 1.0, 1.1, 1.4, 1.6, 1.3, 0.8, 0.3, 0, 0];

/** Demo mall zones: the entrance and food court far busier than the wings. */
export const ZONE_WEIGHT: Record<string, number> = { entrance: 0.42, 'food-court': 0.33, fashion: 0.15, tech: 0.1 };

export const LANGUAGE_WEIGHT: Record<string, number> = { en: 0.8, pl: 0.06, cy: 0.04, zh: 0.04, hu: 0.03, kk: 0.03 };

export const AGE_WEIGHT: Record<string, number> = {
  'under-18': 0.03,
  '18-24': 0.16,
  '25-34': 0.24,
  '35-44': 0.22,
  '45-54': 0.17,
  '55-64': 0.11,
  '65+': 0.07,
};

export const AREA_WEIGHT: Record<string, number> = { 'city-centre': 0.3, riverside: 0.25, north: 0.2, south: 0.15, 'out-of-town': 0.1 };

export const FIRST_NAMES = ['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Gwen', 'Hugo', 'Iris', 'Jan', 'Kasia', 'Liam', 'Mia', 'Noor', 'Olek', 'Priya', 'Rhys', 'Sara', 'Tomas', 'Zhanna'];

/** Share of shoppers who opt in to each optional purpose at enrolment. */
export const CONSENT_RATE = { analytics: 0.85, marketing_email: 0.3, marketing_sms: 0.12 };

/** Share of visits that are a pass scanned at a shop's till rather than a kiosk check-in. */
export const TILL_SHARE = 0.4;

/** Demo mall shops: the coffee shop takes far more passes than the electronics store. */
export const TENANT_WEIGHT: Record<string, number> = { 'bean-there': 0.45, 'noodle-bar': 0.25, threadline: 0.2, 'pixel-point': 0.1 };
