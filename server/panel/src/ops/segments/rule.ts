import type { SegmentCondition } from '#shared/schemas/segments.ts';

export type ConditionKind = SegmentCondition['kind'];

/** One condition as the form holds it: every input a string, whichever kind is chosen. */
export interface ConditionRow {
  kind: ConditionKind;
  field: 'language' | 'interests' | 'ageBand' | 'homeArea';
  /** Ids picked from the field's list (the mall's interests or areas, the age bands, the languages). */
  anyOf: string[];
  withinDays: string | number | null;
  min: string | number | null;
  max: string | number | null;
  zoneId: string;
}

export const newCondition = (): ConditionRow => ({ kind: 'profile', field: 'interests', anyOf: [], withinDays: '30', min: '', max: '', zoneId: '' });

/** Number inputs bind numbers (null when emptied); text inputs bind strings. */
const num = (v: string | number | null) => (v === null || String(v).trim() === '' ? undefined : Number(v));
const bounds = (r: ConditionRow) => ({ ...(num(r.min) !== undefined ? { min: num(r.min) } : {}), ...(num(r.max) !== undefined ? { max: num(r.max) } : {}) });

/** The condition as the shared schema takes it; the schema itself decides whether it is valid. */
export function conditionOf(r: ConditionRow): unknown {
  switch (r.kind) {
    case 'profile':
      return { kind: 'profile', field: r.field, anyOf: [...r.anyOf] };
    case 'visits':
      return { kind: 'visits', withinDays: num(r.withinDays), ...bounds(r) };
    case 'daysSinceLastVisit':
      return { kind: 'daysSinceLastVisit', ...bounds(r) };
    case 'zoneVisited':
      return { kind: 'zoneVisited', zoneId: r.zoneId };
  }
}

/** The form's row for a saved condition, to edit a segment in the same builder. */
export function rowOf(c: SegmentCondition): ConditionRow {
  const row = newCondition();
  row.kind = c.kind;
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  switch (c.kind) {
    case 'profile':
      return { ...row, field: c.field, anyOf: [...c.anyOf] };
    case 'visits':
      return { ...row, withinDays: String(c.withinDays), min: text(c.min), max: text(c.max) };
    case 'daysSinceLastVisit':
      return { ...row, min: text(c.min), max: text(c.max) };
    case 'zoneVisited':
      return { ...row, zoneId: c.zoneId };
  }
}

/** custom:<name in lower case with dashes>, from the operator's name for it. */
export const idFromName = (name: string) =>
  `custom:${
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'segment'
  }`;

/** A choice in a profile condition's picker: an id and the name shown for it. */
export interface Choice {
  id: string;
  name: string;
}

export function describe(c: SegmentCondition, zoneName: (id: string) => string): string {
  const range = (min?: number, max?: number) => (min !== undefined && max !== undefined ? `${min}–${max}` : min !== undefined ? `at least ${min}` : max !== undefined ? `at most ${max}` : 'any');
  switch (c.kind) {
    case 'profile':
      return `${c.field} is any of ${c.anyOf.join(', ')}`;
    case 'visits':
      return `${range(c.min, c.max)} visits in the last ${c.withinDays} days`;
    case 'daysSinceLastVisit':
      return `${range(c.min, c.max)} days since the last visit`;
    case 'zoneVisited':
      return `has visited ${zoneName(c.zoneId)}`;
  }
}
