import { confirmAction } from '#shared/ui/confirm.svelte.ts';
import { CustomSegment } from '#shared/schemas/segments.ts';
import { SegmentDraft, type SegmentCounts, type SegmentPreview } from '#shared/schemas/segment-preview.ts';
import { api, ApiProblem } from '#server/panel/src/api.ts';
import type { LiveBoard } from '../live.svelte.ts';
import { check, fromProblem, type FieldErrors } from '#server/panel/src/form-errors.ts';
import { conditionOf, idFromName, newCondition, rowOf, type ConditionRow } from './rule.ts';

/** Only while the socket is down: counts are pushed otherwise. */
const FALLBACK_MS = 30_000;
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
  /** The saved segment the builder is editing; null while building a new one. */
  editing = $state<CustomSegment | null>(null);
  #previewTimer: ReturnType<typeof setTimeout> | null = null;

  /** `board`: the panel's live board, read through a getter as the component's props are. */
  constructor(private readonly board: () => LiveBoard) {}

  /** Live counts: pushed with the operators' board, or fetched while the socket is down. */
  get counts(): SegmentCounts | null {
    return this.board().segments ?? this.live;
  }

  start(): () => void {
    void this.load();
    const timer = setInterval(() => this.board().connected || void this.#loadCounts(), FALLBACK_MS);
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

  /** Opens a saved segment in the builder, with its count previewed as it stands. */
  edit(segment: CustomSegment): void {
    this.editing = segment;
    this.name = segment.name;
    this.match = segment.match;
    this.rows = segment.conditions.map(rowOf);
    this.errors = {};
    this.note = '';
    this.changed();
  }

  cancelEdit(): void {
    this.#clear();
  }

  async save(): Promise<void> {
    const editing = this.editing;
    const id = editing?.id ?? idFromName(this.name);
    const checked = check(CustomSegment, { id, name: this.name, ...this.#draft() });
    if (!checked.ok) return void (this.errors = checked.errors);
    this.errors = {};
    try {
      const { id: _id, ...fields } = checked.data;
      const saved = editing
        ? await api<CustomSegment>(`/api/segments/${encodeURIComponent(editing.id)}`, fields, 'PUT')
        : await api<CustomSegment>('/api/segments', checked.data);
      this.#clear();
      this.note = `Saved ${saved.name}`;
      await this.load();
    } catch (e) {
      this.errors = e instanceof ApiProblem ? fromProblem(e) : { form: 'The hub could not be reached.' };
    }
  }

  /** Deletes after the operator confirms; a segment promotions still target is refused, naming them. */
  async remove(segment: CustomSegment): Promise<void> {
    if (!(await confirmAction({ title: `Delete ${segment.name}?`, message: `Delete the segment ${segment.name}?`, confirmLabel: 'Delete' }))) return;
    try {
      await api(`/api/segments/${encodeURIComponent(segment.id)}`, undefined, 'DELETE');
      if (this.editing?.id === segment.id) this.#clear();
      this.note = `Deleted ${segment.name}`;
      await this.load();
    } catch (e) {
      this.note = e instanceof ApiProblem ? `${segment.name} was not deleted: ${e.message}` : 'The hub could not be reached.';
    }
  }

  #clear(): void {
    this.editing = null;
    this.name = '';
    this.match = 'all';
    this.rows = [newCondition()];
    this.preview = null;
    this.errors = {};
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
