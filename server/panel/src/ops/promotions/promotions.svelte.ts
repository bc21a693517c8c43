import type { PromotionPreview } from '#shared/schemas/promotion-preview.ts';
import { PromotionInput, type Promotion } from '#shared/schemas/promotions.ts';
import type { CustomSegment } from '#shared/schemas/segments.ts';
import type { ScreenName } from '#shared/schemas/screens.ts';
import type { ScreenGroup } from '#shared/schemas/screen-groups.ts';
import type { SmtpSettingsView } from '#shared/schemas/integrations.ts';
import { api, ApiProblem } from '#server/panel/src/api.ts';
import { check, fromProblem, type FieldErrors } from '#server/panel/src/form-errors.ts';
import { draftOf, emptyDraft, inputOf, type Draft } from './draft.ts';

/** Preview again shortly after the operator stops typing, not on every key. */
const PREVIEW_DELAY_MS = 400;

/** The promotions page: the list, the one promotion being edited, and its live preview. */
export class PromotionsDesk {
  list = $state<Promotion[]>([]);
  showArchived = $state(false);
  screens = $state<ScreenName[]>([]);
  /** Screen groups a promotion can target. */
  groups = $state<ScreenGroup[]>([]);
  customSegments = $state<CustomSegment[]>([]);
  /** null: not editing; id null: a new promotion. */
  editing = $state<{ id: string | null; draft: Draft } | null>(null);
  errors = $state<FieldErrors>({});
  preview = $state<PromotionPreview | null>(null);
  previewError = $state<string | null>(null);
  note = $state('');
  /** Whether SMTP settings exist: without them no offer email goes out, and the preview says so. */
  emailReady = $state(true);
  #previewTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * `seesIntegrations()`: an operator (not a content editor) may read the email settings, so the
   * preview can warn that offer emails are not set up.
   */
  constructor(private readonly seesIntegrations: () => boolean = () => true) {}

  async load(): Promise<void> {
    const [list, screens, groups, segments, smtp] = await Promise.all([
      api<Promotion[]>(`/api/promotions?status=${this.showArchived ? 'all' : 'active'}`),
      api<ScreenName[]>('/api/screens/names'),
      api<ScreenGroup[]>('/api/screen-groups'),
      api<CustomSegment[]>('/api/segments'),
      this.seesIntegrations() ? api<SmtpSettingsView | null>('/api/settings/smtp') : Promise.resolve(undefined),
    ]);
    this.emailReady = smtp !== null;
    this.list = list;
    this.screens = screens;
    this.groups = groups;
    this.customSegments = segments;
  }

  startNew(): void {
    this.#edit(null, emptyDraft());
  }

  edit(p: Promotion): void {
    this.#edit(p.id, draftOf(p));
  }

  /** A copy to adjust and save as a new promotion; the original is untouched. */
  duplicate(p: Promotion): void {
    const draft = draftOf(p);
    draft.title = `${p.title} (copy)`.slice(0, 80);
    this.#edit(null, draft);
  }

  cancel(): void {
    this.editing = null;
    this.preview = null;
  }

  /** `reload` false: a bulk archive loads the list once at its end. */
  async archive(p: Promotion, reload = true): Promise<void> {
    await api(`/api/promotions/${encodeURIComponent(p.id)}/archive`, {});
    if (reload) await this.load();
  }

  /** Undoes an archive: the promotion is active again (the hub re-checks its zones and screens). */
  async restore(p: Promotion): Promise<void> {
    await api(`/api/promotions/${encodeURIComponent(p.id)}/restore`, {});
  }

  async save(): Promise<boolean> {
    if (!this.editing) return false;
    const checked = check(PromotionInput, inputOf(this.editing.draft));
    if (!checked.ok) {
      this.errors = checked.errors;
      return false;
    }
    this.errors = {};
    try {
      const { id } = this.editing;
      const saved = id
        ? await put<Promotion>(`/api/promotions/${encodeURIComponent(id)}`, checked.data)
        : await api<Promotion>('/api/promotions', checked.data);
      this.note = `Saved ${saved.title}`;
      this.editing = null;
      this.preview = null;
      await this.load();
      return true;
    } catch (e) {
      this.errors = fromProblem(e);
      return false;
    }
  }

  /** Call after any change to the draft: re-checks it and asks the hub where it would show. */
  changed(): void {
    if (this.#previewTimer) clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => void this.#runPreview(), PREVIEW_DELAY_MS);
  }

  async #runPreview(): Promise<void> {
    if (!this.editing) return;
    const checked = check(PromotionInput, inputOf(this.editing.draft));
    if (!checked.ok) {
      this.errors = checked.errors;
      this.previewError = 'Fix the fields marked above to see where it would show.';
      return;
    }
    this.errors = {};
    try {
      this.preview = await api<PromotionPreview>('/api/promotions/preview', { ...(this.editing.id ? { id: this.editing.id } : {}), promotion: checked.data });
      this.previewError = null;
    } catch (e) {
      this.previewError = e instanceof ApiProblem ? e.message : 'The hub could not be reached.';
      this.errors = fromProblem(e);
    }
  }

  #edit(id: string | null, draft: Draft): void {
    this.editing = { id, draft };
    this.errors = {};
    this.note = '';
    this.preview = null;
    this.changed();
  }
}

/** The api helper only does GET and POST; an edit replaces the promotion with PUT. */
async function put<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  const data = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new ApiProblem(res.status, data);
  return data as T;
}
