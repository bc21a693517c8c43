import { CustomSegment } from '../../../../../shared/schemas/segments.ts';
import { SegmentDraft, type SegmentCounts, type SegmentPreview } from '../../../../../shared/schemas/segment-preview.ts';
import { api, ApiProblem } from '../../api.ts';
import { check, fromProblem, type FieldErrors } from '../../form-errors.ts';
import { conditionOf, idFromName, newCondition, type ConditionRow } from './rule.ts';

const POLL_MS = 5_000;
const PREVIEW_DELAY_MS = 400;

/** The segments page: live counts, the custom segments, and the rule being built. */
export class SegmentsDesk {
  live = $state<SegmentCounts | null>(null);
  custom = $state<CustomSegment[]>([]);
  name = $state('');
  match = $state<'all' | 'any'>('all');
  rows = $state<ConditionRow[]>([newCondition()]);
  errors = $state<FieldErrors>({});
  preview = $state<SegmentPreview | null>(null);
  note = $state('');
  #previewTimer: ReturnType<typeof setTimeout> | null = null;

  start(): () => void {
    void this.load();
    const timer = setInterval(() => void this.#loadCounts(), POLL_MS);
    return () => clearInterval(timer);
  }

  async load(): Promise<void> {
    this.custom = await api<CustomSegment[]>('/api/segments');
    await this.#loadCounts();
  }

  addCondition(): void {
    this.rows.push(newCondition());
    this.changed();
  }

  removeCondition(i: number): void {
    this.rows.splice(i, 1);
    this.changed();
  }

  changed(): void {
    if (this.#previewTimer) clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => void this.#runPreview(), PREVIEW_DELAY_MS);
  }

  async save(): Promise<void> {
    const checked = check(CustomSegment, { id: idFromName(this.name), name: this.name, ...this.#draft() });
    if (!checked.ok) return void (this.errors = checked.errors);
    this.errors = {};
    try {
      const saved = await api<CustomSegment>('/api/segments', checked.data);
      this.note = `Saved ${saved.name}`;
      this.name = '';
      this.match = 'all';
      this.rows = [newCondition()];
      this.preview = null;
      await this.load();
    } catch (e) {
      this.errors = fromProblem(e);
    }
  }

  #draft() {
    return { match: this.match, conditions: this.rows.map(conditionOf) };
  }

  async #runPreview(): Promise<void> {
    const checked = check(SegmentDraft, this.#draft());
    if (!checked.ok) {
      this.errors = checked.errors;
      this.preview = null;
      return;
    }
    this.errors = {};
    try {
      this.preview = await api<SegmentPreview>('/api/segments/preview', checked.data);
    } catch (e) {
      this.errors = e instanceof ApiProblem ? fromProblem(e) : { form: 'The hub could not be reached.' };
    }
  }

  async #loadCounts(): Promise<void> {
    this.live = await api<SegmentCounts>('/api/segments/live').catch(() => this.live);
  }
}
