import type { DateValue, Time } from '@internationalized/date';
import { fromCalendarDate, fromTime, toCalendarDate, toTime, usableLocale } from './date-value.ts';
import { useLocal } from './local.ts';
import { incompleteIn } from './segments.ts';

/** The props DateField and TimeField both take (each adds its own). */
export interface SegmentedFieldProps {
  label: string;
  /** The stored string ('YYYY-MM-DD', 'HH:mm'); '' while no whole value is in. Bindable. */
  value: string;
  error?: string | null;
  hint?: string;
  disabled?: boolean;
  id?: string;
  /** BCP 47 tag; the mall's locale (useLocal) when absent or not usable. */
  locale?: string;
  /** Called with the new value (or '') after each change. */
  onchange?: (value: string) => void;
  /**
   * The id of an element beside the field that shows `error` (a table row says its fields'
   * problems on one line under them): the field is marked invalid and described by it, and does
   * not repeat the words under itself, so a narrow field is not widened by them.
   */
  errorShownAt?: string;
}

/** What a segmented field's component passes in, read through a getter so each change reaches the state. */
interface SegmentedProps {
  label: string;
  value: string;
  error: string | null;
  hint?: string;
  disabled: boolean;
  id: string;
  /** BCP 47 tag; the mall's locale (useLocal) when absent or not usable. */
  locale?: string;
  errorShownAt?: string;
}

/**
 * How one kind of field maps its stored string ('YYYY-MM-DD', 'HH:mm') to the bits-ui value and
 * back, and which parts it names when only some are typed ("day, month and year").
 */
export interface SegmentedKind<V, In = V> {
  /** 'date' or 'time': in the message "Enter a whole date for …". */
  noun: string;
  parts: string;
  parse: (value: string) => V | undefined;
  /** `In`: what bits-ui hands back, which may be wider than what `parse` makes. */
  format: (next: In | undefined) => string;
}

/** A calendar day: 'YYYY-MM-DD' (DateField). */
export const DAY: SegmentedKind<DateValue> = { noun: 'date', parts: 'day, month and year', parse: toCalendarDate, format: fromCalendarDate };
/** A time of day: 24-hour 'HH:mm' (TimeField). */
export const TIME_OF_DAY: SegmentedKind<Time, { hour: number; minute: number }> = { noun: 'time', parts: 'hours and minutes', parse: toTime, format: fromTime };

/**
 * The state shared by DateField.svelte and TimeField.svelte (bits-ui date and time fields): the
 * mall's locale, the bits-ui value from the stored string, the "half typed" check when focus
 * leaves the field, and the field's error and aria-describedby as Field.svelte lays them out.
 * Made during the component's set-up (it reads the mall's locale from the context there).
 * `write` is called with the new stored string ('' while no whole value is in) after each change.
 */
export class SegmentedField<V, In = V> {
  /** Some parts typed, not all: said at the field when focus leaves it. */
  incomplete = $state(false);
  /** The element holding the parts (bits-ui's Input, bound with bind:ref). */
  group = $state<HTMLElement | null>(null);
  readonly #props: () => SegmentedProps;
  readonly #kind: SegmentedKind<V, In>;
  readonly #write: (value: string) => void;
  readonly #local = useLocal();

  readonly tag = $derived.by(() => usableLocale(this.#props().locale) ?? this.#local().locale);
  /** The bits-ui value of the stored string (undefined while it is ''). */
  readonly current = $derived.by(() => this.#kind.parse(this.#props().value));
  readonly shownError = $derived.by(() => {
    const { error, label } = this.#props();
    return error || (this.incomplete ? this.#incompleteWords(label) : null);
  });
  /** The words under the field itself: all but an `error` shown elsewhere (errorShownAt). */
  readonly ownError = $derived.by(() => {
    const { error, errorShownAt } = this.#props();
    return error && errorShownAt ? (this.incomplete ? this.#incompleteWords() : null) : this.shownError;
  });
  readonly hintId = $derived.by(() => `${this.#props().id}-hint`);
  readonly errorId = $derived.by(() => `${this.#props().id}-error`);

  constructor(props: () => SegmentedProps, kind: SegmentedKind<V, In>, write: (value: string) => void) {
    this.#props = props;
    this.#kind = kind;
    this.#write = write;
  }

  #incompleteWords(label = this.#props().label): string {
    return `Enter a whole ${this.#kind.noun} for “${label}”: ${this.#kind.parts}.`;
  }

  /** The parts' aria-describedby: bits-ui's own ids, then the hint's and the error's (wherever it is shown). */
  describedBy(own: unknown): string | undefined {
    const { hint, error, errorShownAt } = this.#props();
    return [own, hint ? this.hintId : null, this.ownError ? this.errorId : null, error && errorShownAt ? errorShownAt : null].filter(Boolean).join(' ') || undefined;
  }

  /** bits-ui's onValueChange: a whole value (or none) came in. */
  changed = (next: In | undefined): void => {
    const value = this.#kind.format(next);
    if (value) this.incomplete = false;
    this.#write(value);
  };

  /** The parts' focusout: leaving the field with only some parts typed clears its value and says so. */
  left = (e: FocusEvent): void => {
    if (this.group?.contains(e.relatedTarget as Node | null)) return;
    const { disabled, value } = this.#props();
    this.incomplete = !disabled && incompleteIn(this.group);
    if (this.incomplete && value) this.#write('');
  };
}
