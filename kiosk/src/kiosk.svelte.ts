import { canonicalCard, READER_DEFAULTS, readCard, readerSettingsFrom } from '#shared/cards.ts';
import { DeviceLink, type DeviceSocket } from '#shared/client/device-link.svelte.ts';
import { APP_BUILD } from '#shared/build.ts';
import { LANGUAGES } from '#shared/constants.ts';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import { ENGLISH_MESSAGES, loadMessages } from '#shared/i18n/load.ts';
import type { Messages } from '#shared/i18n/messages/en.ts';
import { translatorFor } from '#shared/i18n/translate.ts';
import type { JoinDone, JoinLink } from '#shared/schemas/pass.ts';
import type { MallHoursNow } from '#shared/schemas/devices.ts';
import type { PresenceUpdate } from '#shared/schemas/presence.ts';
import type { ReaderSettings } from '#shared/schemas/reader.ts';
import type { ConsentChoices, Language, ShopperGreeting, TapResult } from '#shared/schemas/shoppers.ts';
import { DEFAULT_READER, SLOW_READER, type CardReaderOptions, type Misread } from './card-reader.ts';
import { offlineQueue, sealCard } from './offline-queue.ts';
import { fetchDeviceMall, loadDeviceMall, saveDeviceMall, type DeviceMall } from '#shared/client/mall-look.ts';
import { loadHubSettings, saveHubSettings, type HubKioskSettings, type KioskSettings } from './settings.ts';

export type KioskScreen =
  | 'attract'
  | 'busy'
  | 'consent'
  | 'profile'
  | 'welcome'
  | 'unreadable'
  | 'error'
  | 'queued'
  | 'not-kept'
  | 'needs-hub'
  | 'scan'
  | 'phone';

export type ProfileField = 'firstName' | 'email' | 'phone';

const SEAL_KEY = 'atrium.kiosk.sealKey';
/** Screens a shopper is in the middle of: a card being read by the reader bridge shows "One moment…" over them, not instead. */
const READING_OVER = new Set<KioskScreen>(['consent', 'profile', 'phone', 'scan']);
/** How long "One moment…" waits for the reader bridge's result before the kiosk gives up on it. */
const READING_MS = 10_000;
/** The "Still there?" prompt comes this long before the idle reset (half the timeout if that is shorter). */
const STILL_THERE_MS = 10_000;

const PASS_ID = /([A-Za-z0-9_-]{22})\/?$/;

/** Replaying the offline queue again after the hub did not answer: 5 s, doubling up to 5 minutes. */
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;
const blankConsents = (): ConsentChoices => ({ analytics: false, marketing_email: false, marketing_sms: false });

/**
 * Everything the kiosk shows. One shopper at a time; reset() (also on idle) wipes every trace of
 * the last one: screen, greeting, ticket, choices, typed fields, join link, language.
 */
export class Kiosk {
  screen = $state<KioskScreen>('attract');
  /** Each language's messages once loaded: English comes with the first load, the others when first wanted. */
  #messages = $state.raw<Partial<Record<Language, Messages>>>({ en: ENGLISH_MESSAGES });
  /** The language shown (see `language`). */
  #language = $state<Language>('en');
  /** The language last asked for, whose messages may still be loading. */
  #wanted: Language = 'en';
  greeting = $state<ShopperGreeting | null>(null);
  enrolTicket = $state<string | null>(null);
  consents = $state<ConsentChoices>(blankConsents());
  firstName = $state('');
  email = $state('');
  phone = $state('');
  interests = $state<string[]>([]);
  ageBand = $state('');
  homeArea = $state('');
  message = $state<string | null>(null);
  joinLink = $state<(JoinLink & { qr: string }) | null>(null);
  /**
   * The recommend question after a welcome back: `ask` while it shows, `thanks` once answered,
   * null when not asked, skipped or gone; cleared with the shopper (rule 6).
   */
  feedback = $state<'ask' | 'thanks' | null>(null);
  /** The visit just welcomed (this kiosk's own tap or scan), which the question is about. */
  #visitId: string | null = null;
  /** The shopper's pass as a QR their phone opens, on the welcome screen; gone with the shopper. */
  pass = $state<{ url: string; qr: string } | null>(null);
  queued = $state(0);
  /** Check-ins this kiosk could not keep since the page loaded (its storage refused them). */
  notKept = $state(0);
  /** Shoppers in the mall now, as the hub counts them: null below K (a small number is never shown). */
  present = $state<number | null>(null);
  /** The mall's name, brand and lists, as the hub last said them (kept for a start with the hub down). */
  mall = $state<DeviceMall | null>(loadDeviceMall('kiosk'));
  readonly choices = $derived(this.mall?.choices ?? { interests: [], areas: [], ageBands: [] });
  /** When the idle reset comes (ms since epoch) while the "Still there?" prompt shows; null otherwise. */
  stillThereUntil = $state<number | null>(null);
  /** Set by the operator in the panel (idle timeout, languages offered), sent in `device:hello`. */
  idleMs = $state(0);
  languages = $state<Language[]>([...LANGUAGES]);
  /** How this kiosk's card reader prints a card: the panel's setting, under this machine's URL overrides. */
  reader = $state<ReaderSettings>(READER_DEFAULTS);
  /** A short hint over whatever screen is shown ("hold the card still"); cleared by itself. */
  notice = $state<string | null>(null);
  /** Open or closed now, as the hub says it on its own clock; null until it has (taken as open). */
  hours = $state<MallHoursNow | null>(null);
  /** Outside opening hours: the closed screen shows, and no card, pass or join is taken. */
  readonly closed = $derived(!!this.hours && !this.hours.open);
  /** Set for a moment when a card or pass came while closed: the closed screen's opening line is marked. */
  closedNudge = $state(false);
  #nudgeTimer: ReturnType<typeof setTimeout> | null = null;
  readonly link: DeviceLink;
  readonly t = $derived(translatorFor(this.#language, this.#messages[this.#language] ?? ENGLISH_MESSAGES));
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  #stillThereTimer: ReturnType<typeof setTimeout> | null = null;
  #replaying = false;
  /** The mall's default shopper language, as the hub last said it. */
  #homeLanguage: Language | null = null;
  #reportedAt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retryMs = FIRST_RETRY_MS;
  #noticeTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * The shopper's language, as shown. Set, it shows at once when its messages are loaded, else as
   * soon as they have loaded (from the service worker's cache, a moment), so text, `lang` and
   * keyboard switch together; a later setting wins over one still loading. A language whose
   * messages cannot load (missing from an old offline cache) leaves the one shown.
   */
  get language(): Language {
    return this.#language;
  }

  set language(language: Language) {
    this.#wanted = language;
    if (this.#messages[language]) {
      this.#language = language;
      return;
    }
    void this.#load(language).then(() => {
      if (this.#wanted === language && this.#messages[language]) this.#language = language;
    });
  }

  async #load(language: Language): Promise<void> {
    if (this.#messages[language]) return;
    const messages = await loadMessages(language).catch(() => null);
    if (messages) this.#messages = { ...this.#messages, [language]: messages };
  }

  /** Loads the offered languages' messages ahead of need, so a tap greeting a shopper in theirs shows at once. */
  async loadLanguages(): Promise<void> {
    await Promise.all(this.languages.map((l) => this.#load(l)));
  }

  constructor(readonly settings: KioskSettings) {
    this.language = settings.language;
    this.idleMs = settings.idleMs;
    this.reader = { ...READER_DEFAULTS, ...settings.readerOverrides };
    // Started with the hub down: as the operator last set it, until the hub says otherwise.
    const last = loadHubSettings();
    if (last) this.#applyHubSettings(last);
    this.link = new DeviceLink('kiosk', (socket: DeviceSocket) => {
      socket.on('presence:update', (u) => (this.present = u.present));
      socket.on('device:hello', (device) => {
        if (!device.kiosk) return;
        const settings = { ...device.kiosk, reader: readerSettingsFrom(device.kiosk.reader), homeLanguage: device.defaultLanguage };
        this.#applyHubSettings(settings);
        saveHubSettings(settings);
        if (device.hours) this.#setHours(device.hours);
      });
      socket.on('mall:hours', (h) => this.#setHours(h));
      socket.on('kiosk:tap', (result) => this.#showResult(result));
      socket.on('kiosk:reader', (notice) => this.#readerSays(notice.state));
      socket.on('mall:changed', () => void this.#readMall());
      socket.on('join:done', (done) => this.#joined(done));
      socket.on('connect', () => void this.#online());
    });
    void offlineQueue.count().then((n) => (this.queued = n), () => undefined);
  }

  #applyHubSettings(s: HubKioskSettings): void {
    if (!this.settings.idleFromUrl) this.idleMs = s.idleSeconds * 1000;
    this.languages = s.languages.length ? s.languages : [...LANGUAGES];
    this.reader = { ...READER_DEFAULTS, ...s.reader, ...this.settings.readerOverrides };
    this.#homeLanguage = s.homeLanguage ?? null;
    // On the attract screen with nobody's choice made, the kiosk turns to its home language at once.
    if (this.screen === 'attract' && !this.#chosenLanguage) this.language = this.#home();
    else if (!this.languages.includes(this.language)) this.language = this.languages[0];
  }

  /** The attract screen's language: the URL's, else the mall's default, else English; one this kiosk offers. */
  #home(): Language {
    const wanted = this.settings.languageFromUrl ? this.settings.language : (this.#homeLanguage ?? this.settings.language);
    return this.languages.includes(wanted) ? wanted : this.languages[0];
  }

  /**
   * Any touch, click or key: the shopper is still here. Left alone for the idle timeout, the kiosk
   * starts over; shortly before, it asks "Still there?" with a countdown, and any touch answers it.
   * A touch going down (`keepPrompt`) restarts the timeout but leaves the prompt up until its
   * click: were it gone at once, the tap's click would land on whatever lay under it.
   */
  activity(keepPrompt = false): void {
    const prompt = this.stillThereUntil;
    this.#stopIdleTimers();
    if (keepPrompt) this.stillThereUntil = prompt;
    if (this.screen === 'attract') return;
    const warn = Math.min(STILL_THERE_MS, this.idleMs / 2);
    this.#stillThereTimer = setTimeout(() => (this.stillThereUntil = Date.now() + warn), this.idleMs - warn);
    this.#idleTimer = setTimeout(() => this.reset(), this.idleMs);
  }

  #stopIdleTimers(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    if (this.#stillThereTimer) clearTimeout(this.#stillThereTimer);
    this.#idleTimer = null;
    this.#stillThereTimer = null;
    this.stillThereUntil = null;
  }

  /**
   * The hub says the mall opened or closed. Closing ends whatever a shopper was doing (the hub
   * would refuse it now) and clears their traces; the closed screen then shows.
   */
  #setHours(h: MallHoursNow): void {
    const wasClosed = this.closed;
    this.hours = h;
    if (this.closed && !wasClosed) this.reset();
  }

  /**
   * A card or pass while closed: not sent, not queued, nothing of it kept; the closed screen marks
   * its opening line for a few seconds so the shopper sees why nothing else happened.
   */
  #nudgeClosed(): void {
    this.closedNudge = true;
    if (this.#nudgeTimer) clearTimeout(this.#nudgeTimer);
    this.#nudgeTimer = setTimeout(() => (this.closedNudge = false), 4000);
  }

  /** The hub refused because the mall is closed (it knew before this kiosk did): back to the start, as when closing. */
  #refusedClosed(ack: { ok: false; field?: string }): boolean {
    if (ack.field !== 'openingHours') return false;
    this.reset();
    this.hours = { open: false, opensAt: this.hours?.opensAt ?? null, opensDay: this.hours?.opensDay ?? null, timeZone: this.hours?.timeZone ?? 'UTC', locale: this.hours?.locale ?? 'en-GB' };
    this.#nudgeClosed();
    return true;
  }

  #go(screen: KioskScreen): void {
    this.screen = screen;
    this.activity();
  }

  reset(): void {
    this.#stopIdleTimers();
    this.screen = 'attract';
    this.#chosenLanguage = null;
    this.language = this.#home();
    this.#clearShopper();
  }

  /** The language the shopper picked this session, if they did: it wins over their stored one. */
  #chosenLanguage: Language | null = null;
  #sessionLanguage = () => (this.#chosenLanguage ? { language: this.#chosenLanguage } : {});

  #clearShopper(): void {
    this.greeting = null;
    this.enrolTicket = null;
    this.consents = blankConsents();
    this.firstName = '';
    this.email = '';
    this.phone = '';
    this.interests = [];
    this.ageBand = '';
    this.homeArea = '';
    this.message = null;
    this.joinLink = null;
    this.pass = null;
    this.feedback = null;
    this.#visitId = null;
  }

  setLanguage(language: Language): void {
    this.language = language;
    this.#chosenLanguage = language;
  }

  /** Tells the hub (and so the operators' panel) how many check-ins wait here; offline, it waits for the next connect. */
  #reportQueue(): void {
    void this.link.call('kiosk:status', { queued: this.queued, build: APP_BUILD, ...(this.notKept ? { notKept: this.notKept } : {}) });
  }

  /** While a long queue drains, the hub hears of it about once a second, not once per check-in. */
  #setQueued(n: number): void {
    const changed = n !== this.queued;
    this.queued = n;
    if (!changed || (this.#replaying && Date.now() - this.#reportedAt < 1000)) return;
    this.#reportedAt = Date.now();
    this.#reportQueue();
  }

  async #online(): Promise<void> {
    // First what waits here, before the replay starts draining it.
    this.queued = await offlineQueue.count().catch(() => this.queued);
    this.#reportQueue();
    try {
      const token = this.link.token;
      if (!token) return;
      const [key, presence] = await Promise.all([
        fetch('/api/kiosk/offline-key', { headers: { authorization: `Bearer ${token}` } }).then((r) => (r.ok ? r.json() : null)),
        this.link.call<PresenceUpdate>('presence:get', {}),
        this.#readMall(),
      ]);
      if (key?.spki) localStorage.setItem(SEAL_KEY, key.spki);
      // The count as it is now: the feed only says when it changes.
      if (presence.ok) this.present = presence.data.present;
    } catch {
      /* the hub went away again; the next connect tries again */
    }
    await this.replay();
  }

  /** The mall's name, brand and lists from the hub, kept for a start with the hub down; unchanged if it cannot be read. */
  async #readMall(): Promise<void> {
    const token = this.link.token;
    const mall = token ? await fetchDeviceMall(token).catch(() => null) : null;
    if (!mall) return;
    this.mall = mall;
    saveDeviceMall('kiosk', mall);
  }

  /** Sends what was queued offline, oldest first, each with its own visit id and time. */
  async replay(): Promise<void> {
    if (this.#replaying) return;
    this.#replaying = true;
    let unanswered = false;
    try {
      for (const item of await offlineQueue.all()) {
        const ack =
          item.kind === 'pass'
            ? await this.link.call<TapResult>('checkin:pass', { visitId: item.visitId, passId: item.passId, at: item.at })
            : await this.link.call<TapResult>('checkin:sealed', { visitId: item.visitId, sealed: item.sealed, at: item.at });
        // No answer in time, or a failure on the hub's side rather than an answer about this
        // check-in: it and the rest stay queued for the next try. (The hub may have recorded it
        // all the same; the visit id makes the next try a duplicate, not a second visit.)
        if (!ack.ok && !ack.field) {
          if (ack.error !== 'offline') console.warn(`queued check-in not taken by the hub yet: ${ack.error}`);
          unanswered = true;
          break;
        }
        if (!ack.ok) console.warn(`queued check-in refused by the hub: ${ack.error}`);
        // Recorded, or refused for good about the check-in itself (too old, an unknown pass):
        // either way it is done. An unknown card is answered, not refused: it cannot join offline.
        await offlineQueue.remove(item.visitId);
        this.#setQueued(Math.max(0, this.queued - 1));
      }
    } finally {
      const left = await offlineQueue.count().catch(() => 0);
      this.#replaying = false;
      // Always told at the end: reports during the replay may have skipped the last few.
      this.queued = left;
      this.#reportQueue();
    }
    if (unanswered) this.#replayLater();
    else this.#retryMs = FIRST_RETRY_MS;
  }

  /**
   * A reconnect replays the queue, but a hub that stops answering without dropping the connection
   * (busy, stalled, a lost ack) gives no reconnect: the kiosk then tries again by itself, backing off.
   */
  #replayLater(): void {
    if (this.#retryTimer) return;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.link.state === 'online') void this.replay();
    }, wait);
  }

  /** How fast this kiosk's reader types, as the card reader judges a burst. */
  get readerTiming(): CardReaderOptions {
    return this.reader.slow ? SLOW_READER : DEFAULT_READER;
  }

  /**
   * A burst that may have been a card but was not taken: too slow for the reader this kiosk is
   * set for, or broken off by a pause. The shopper is told to hold the card still and try again;
   * a person typing something that is no card is left alone.
   */
  misread(why: Misread, raw: string): boolean {
    if (this.link.state === 'pairing') return false;
    if (why === 'slow' && !readCard(raw, this.reader)) return false;
    this.notice = this.t('holdStill');
    if (this.#noticeTimer) clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (this.notice = null), 6000);
    return true;
  }

  /**
   * A card from the wedge: read here with this kiosk's reader settings (the same shared code the
   * hub runs for the reader bridge) and sent, or sealed offline, only in its canonical form.
   */
  async tap(raw: string): Promise<void> {
    if (this.link.state === 'pairing' || this.link.state === 'connecting' && !this.link.token) return;
    if (this.closed) return this.#nudgeClosed();
    this.notice = null;
    const read = readCard(raw, this.reader);
    if (!read) return this.#go('unreadable');
    const card = canonicalCard(read);
    const visitId = crypto.randomUUID();
    if (this.link.state !== 'online') return this.#queueCard(card, visitId);
    this.#go('busy');
    const ack = await this.link.call<TapResult>('checkin:tap', { visitId, card, ...this.#sessionLanguage() });
    if (!ack.ok) {
      if (ack.error === 'offline') return this.#queueCard(card, visitId);
      if (this.#refusedClosed(ack)) return;
      this.message = ack.error;
      this.#go(ack.field === 'card' ? 'unreadable' : 'error');
      return;
    }
    this.#showResult(ack.data, visitId);
  }

  async #queueCard(card: string, visitId: string): Promise<void> {
    const spki = localStorage.getItem(SEAL_KEY);
    // Already canonical: of a swipe only the PAN is left; nothing else reaches the queue.
    const value = card;
    if (!spki) return this.#go('needs-hub');
    if (new TextEncoder().encode(value).length > 190) return this.#go('unreadable');
    const sealed = await sealCard(value, spki);
    await this.#queue({ kind: 'card', sealed, visitId, at: new Date().toISOString() });
  }

  async #queue(item: Parameters<typeof offlineQueue.add>[0]): Promise<void> {
    this.#clearShopper();
    // Off the scan screen before the first await: the camera goes on reading the same pass every
    // tenth of a second, and a read while this one is being stored would queue a second visit.
    this.#go('busy');
    try {
      await offlineQueue.add(item);
    } catch (e) {
      // The browser refused to store it (QuotaExceededError when the disk is full): the shopper
      // is told it was not kept, and the hub hears of it now or on the next connect.
      console.warn(`a check-in could not be kept offline: ${e instanceof Error ? e.name : String(e)}`);
      this.notKept++;
      this.#reportQueue();
      this.#go('not-kept');
      return;
    }
    this.#setQueued(await offlineQueue.count());
    this.#go('queued');
    // Queued while still connected (the hub did not answer in time): no reconnect will come to send it.
    if (this.link.state === 'online') this.#replayLater();
  }

  /** Set while the kiosk shows "One moment…" for a card the reader bridge is reading; ends it if no result comes. */
  #readingTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * The reader bridge has a card on the reader, or could not read it. Reading: "One moment…" at
   * once, full screen where nobody is in the middle of something, else over the screen shown (a
   * shopper on the consent screen keeps their choices); the result replaces it. A failed read
   * asks the shopper to hold the card still and tap again.
   */
  #readerSays(state: 'reading' | 'retry'): void {
    if (this.link.state === 'pairing') return;
    if (this.#noticeTimer) clearTimeout(this.#noticeTimer);
    this.#stopReading();
    if (state === 'reading') {
      if (READING_OVER.has(this.screen)) {
        this.notice = this.t('busy');
        this.#noticeTimer = setTimeout(() => (this.notice = null), READING_MS);
        return;
      }
      this.notice = null;
      this.#clearShopper();
      this.#go('busy');
      // A read whose result never comes (the bridge lost the hub) does not leave the kiosk waiting.
      this.#readingTimer = setTimeout(() => this.screen === 'busy' && this.reset(), READING_MS);
      return;
    }
    if (this.screen === 'busy') this.reset();
    this.notice = this.t('holdStill');
    this.#noticeTimer = setTimeout(() => (this.notice = null), 6000);
  }

  #stopReading(): void {
    if (this.#readingTimer) clearTimeout(this.#readingTimer);
    this.#readingTimer = null;
  }

  /** `visitId`: the visit this kiosk sent, when it did (a reader bridge's tap has none: no question then). */
  #showResult(result: TapResult, visitId?: string): void {
    this.notice = null;
    this.#stopReading();
    if (result.status === 'unknown') {
      const consents = this.screen === 'consent' ? $state.snapshot(this.consents) : blankConsents();
      this.#clearShopper();
      this.consents = consents;
      this.enrolTicket = result.enrolTicket;
      this.#go('consent');
    } else {
      this.#clearShopper();
      this.greeting = result.shopper;
      this.language = result.shopper.language;
      if (result.shopper.askFeedback && visitId) {
        this.#visitId = visitId;
        this.feedback = 'ask';
      }
      this.#go('welcome');
    }
  }

  /** The recommend question answered (0–10): sent for the visit welcomed, then a thank-you. */
  async answerFeedback(score: number): Promise<void> {
    const g = this.greeting;
    const visitId = this.#visitId;
    if (!g || !visitId || this.feedback !== 'ask') return;
    this.feedback = 'thanks';
    this.activity();
    // Nothing to tell the shopper if it did not go through: the question is optional.
    await this.link.call('feedback:score', { visitId, passId: g.passId, score });
  }

  /** "Skip": the question goes; nothing is sent. */
  skipFeedback(): void {
    this.feedback = null;
    this.#visitId = null;
    this.activity();
  }

  /** "Join" on the attract screen: the choices first; the card is tapped here or the phone takes over. */
  startJoin(): void {
    this.#clearShopper();
    this.#go(this.link.state === 'online' ? 'consent' : 'needs-hub');
  }

  /**
   * What the shopper reads for a refused join: a ticket the hub no longer knows (it ran out, or
   * the hub restarted while the shopper read the choices) in the kiosk's language, since the
   * hub's own words are English; any other refusal as the hub said it.
   */
  #refusal(ack: { error: string; field?: string }): string {
    return ack.field === 'enrolTicket' ? this.t('joinExpired') : ack.error;
  }

  showProfile(): void {
    this.#go('profile');
  }

  async join(): Promise<void> {
    if (!this.enrolTicket) return;
    this.#go('busy');
    const ack = await this.link.call<ShopperGreeting>('shopper:enrol', {
      enrolTicket: this.enrolTicket,
      visitId: crypto.randomUUID(),
      language: this.language,
      consentTextVersion: CONSENT_TEXT_VERSION,
      membership: true,
      consents: $state.snapshot(this.consents),
      ...(this.firstName.trim() ? { firstName: this.firstName.trim() } : {}),
      ...(this.interests.length ? { interests: $state.snapshot(this.interests) } : {}),
      ...(this.ageBand ? { ageBand: this.ageBand } : {}),
      ...(this.homeArea ? { homeArea: this.homeArea } : {}),
      ...(this.consents.marketing_email && this.email.trim() ? { email: this.email.trim() } : {}),
      ...(this.consents.marketing_sms && this.phone.trim() ? { phone: this.phone.trim() } : {}),
    });
    if (!ack.ok) {
      if (this.#refusedClosed(ack)) return;
      this.#clearShopper();
      this.message = ack.error === 'offline' ? null : this.#refusal(ack);
      this.#go(ack.error === 'offline' ? 'needs-hub' : 'error');
      return;
    }
    this.#clearShopper();
    this.greeting = ack.data;
    this.#go('welcome');
    // Joined here: the shopper leaves with the pass (view, export, withdraw, erase), email or not.
    await this.showPass();
  }

  /**
   * The welcomed shopper's pass page as a QR for their phone's camera, with its link: at once
   * after joining, on request when welcomed back. The URL is the hub's public one when the hub
   * says it, else this page's origin. Drawn by the lazily loaded QR encoder; dropped if the
   * shopper is gone by the time it is drawn (rule 6: nothing of theirs outlives them).
   */
  async showPass(): Promise<void> {
    const g = this.greeting;
    if (!g || this.screen !== 'welcome') return;
    const url = g.passUrl ?? new URL(`/pass/${g.passId}`, location.origin).href;
    const { toDataURL } = await import('qrcode');
    const qr = await toDataURL(url, { margin: 2, width: 320, errorCorrectionLevel: 'M' });
    if (this.greeting !== g || this.screen !== 'welcome') return;
    this.pass = { url, qr };
    this.activity();
  }

  /** "Continue on your phone": a one-time link, shown as a QR drawn by a lazily loaded library. */
  async continueOnPhone(): Promise<void> {
    const ticket = this.enrolTicket;
    this.#go('busy');
    const ack = await this.link.call<JoinLink>('join:start', { ...(ticket ? { enrolTicket: ticket } : {}), language: this.language });
    this.enrolTicket = null;
    if (!ack.ok) {
      if (this.#refusedClosed(ack)) return;
      this.message = ack.error === 'offline' ? null : this.#refusal(ack);
      this.#go(ack.error === 'offline' ? 'needs-hub' : 'error');
      return;
    }
    const { toDataURL } = await import('qrcode');
    // The hub's public address: the kiosk's own (often 127.0.0.1) is not one a phone can reach.
    const url = ack.data.url;
    const qr = await toDataURL(url, { margin: 2, width: 320, errorCorrectionLevel: 'M' });
    this.joinLink = { ...ack.data, qr };
    this.#go('phone');
  }

  #joined(done: JoinDone): void {
    if (this.screen !== 'phone' || this.joinLink?.nonce !== done.nonce) return;
    this.#clearShopper();
    const { nonce: _nonce, ...greeting } = done;
    this.greeting = greeting;
    this.language = done.language;
    this.#go('welcome');
  }

  startScan(): void {
    this.#clearShopper();
    this.#go('scan');
  }

  /** A QR read by the camera: the pass id, or a pass page URL ending in it. */
  async scanned(text: string): Promise<void> {
    if (this.screen !== 'scan' || this.closed) return;
    const passId = PASS_ID.exec(text.trim())?.[1];
    if (!passId) return;
    const visitId = crypto.randomUUID();
    if (this.link.state !== 'online') return this.#queue({ kind: 'pass', passId, visitId, at: new Date().toISOString() });
    this.#go('busy');
    const ack = await this.link.call<TapResult>('checkin:pass', { visitId, passId, ...this.#sessionLanguage() });
    if (!ack.ok) {
      if (ack.error === 'offline') return this.#queue({ kind: 'pass', passId, visitId, at: new Date().toISOString() });
      if (this.#refusedClosed(ack)) return;
      this.message = ack.error;
      this.#go('error');
      return;
    }
    this.#showResult(ack.data, visitId);
  }

  /** The on-screen keyboard types into the field chosen. */
  type(field: ProfileField, key: string): void {
    const max = field === 'firstName' ? 40 : field === 'email' ? 254 : 20;
    const v = this[field];
    this[field] = key === '\b' ? v.slice(0, -1) : (v + key).slice(0, max);
  }
}
