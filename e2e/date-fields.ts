import { expect, type Locator, type Page } from '@playwright/test';

/*
 * Driving the panel's date and time fields (shared/ui/DateField.svelte, TimeField.svelte) as a
 * person at a keyboard does: each field is a group of spin-button parts (day, month, year; hour,
 * minute, am/pm) named by its label, in the order the mall's locale writes them. The field's
 * stored value, the 'YYYY-MM-DD' or 'HH:mm' the hub gets, is on the group's data-value.
 */

/** The date or time field labelled `label`. */
export function dateField(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('group', { name: label, exact: true });
}

/** The parts of a field as shown, in order, e.g. ['day', 'month', 'year'] in a UK mall. */
export async function partsOf(field: Locator): Promise<string[]> {
  return field.locator('[data-segment]:not([data-segment="literal"])').evaluateAll((parts) => parts.map((p) => p.getAttribute('data-segment') ?? ''));
}

/**
 * Types 'YYYY-MM-DD' into a date field part by part (year first, so a short month never clips the
 * day), whatever order the field shows them in; waits until the field holds it.
 */
export async function typeDate(field: Locator, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  for (const [part, digits] of [['year', year], ['month', month], ['day', day]] as const) {
    await field.locator(`[data-segment="${part}"]`).click();
    await field.page().keyboard.type(digits);
  }
  await expect(field).toHaveAttribute('data-value', iso);
}

/**
 * Types 'HH:mm' (24-hour) into a time field, as hours and am/pm where the field shows a 12-hour
 * clock; waits until the field holds `holds` (a closing field holds '24:00' for a typed 00:00).
 */
export async function typeTime(field: Locator, hhmm: string, holds = hhmm): Promise<void> {
  const [h, m] = hhmm.split(':').map(Number);
  const period = field.locator('[data-segment="dayPeriod"]');
  const twelve = (await period.count()) > 0;
  await field.locator('[data-segment="hour"]').click();
  await field.page().keyboard.type(String(twelve ? h % 12 || 12 : h).padStart(2, '0'));
  await field.locator('[data-segment="minute"]').click();
  await field.page().keyboard.type(String(m).padStart(2, '0'));
  if (twelve) {
    await period.click();
    await field.page().keyboard.type(h < 12 ? 'a' : 'p');
  }
  await expect(field).toHaveAttribute('data-value', holds);
}

/** The value a date or time field holds ('' while incomplete). */
export async function valueOf(field: Locator): Promise<string> {
  return (await field.getAttribute('data-value')) ?? '';
}

/** Moves focus out of a field by Tab, as a person does (Tab steps through its parts first). */
export async function leave(field: Locator): Promise<void> {
  for (let i = 0; i < 5 && (await field.evaluate((g) => g.contains(document.activeElement))); i++) await field.page().keyboard.press('Tab');
  expect(await field.evaluate((g) => g.contains(document.activeElement))).toBe(false);
}
