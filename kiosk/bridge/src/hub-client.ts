/**
 * The bridge's side of the hub's kiosk API, with the kiosk's own device token: who this kiosk is
 * (`GET /api/device/me`), the key to seal cards to (`GET /api/kiosk/offline-key`), a sealed tap
 * (`POST /api/kiosks/:id/tap`) and the reader notice for the kiosk's screen
 * (`POST /api/kiosks/:id/reader`). Every call has a time limit; none ever carries a card in the clear.
 */
export type HubAnswer<T> =
  | { ok: true; data: T }
  /** The hub answered no about this request (4xx): `field` names what it refused, when it says. */
  | { ok: false; kind: 'refused'; status: number; error: string; field?: string }
  /** The hub refused the kiosk token (401, 403 on `id`): nothing will get through until the token file is put right. */
  | { ok: false; kind: 'token'; status: number; error: string }
  /** No answer, or a failure on the hub's side (5xx): try again later. */
  | { ok: false; kind: 'unreachable'; error: string };

export interface TapSent {
  status: 'welcome' | 'unknown';
  duplicate?: boolean;
  delivered: boolean;
}

export class HubClient {
  #kioskId: string | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly token: () => Promise<string>,
    private readonly timeoutMs = 5000,
  ) {}

  async #call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<HubAnswer<T>> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: { authorization: `Bearer ${await this.token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      return { ok: false, kind: 'unreachable', error: e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e) };
    }
    const json = (await res.json().catch(() => null)) as { error?: string; field?: string } | null;
    if (res.ok) return { ok: true, data: json as T };
    const error = json?.error ?? res.statusText;
    if (res.status === 401 || (res.status === 403 && json?.field === 'id')) return { ok: false, kind: 'token', status: res.status, error };
    if (res.status >= 500 || res.status === 429) return { ok: false, kind: 'unreachable', error: `${res.status} ${error}` };
    return { ok: false, kind: 'refused', status: res.status, error, ...(json?.field ? { field: json.field } : {}) };
  }

  /** This kiosk's device id, as the hub knows its token (asked once, then kept). */
  async kioskId(): Promise<HubAnswer<string>> {
    if (this.#kioskId) return { ok: true, data: this.#kioskId };
    const me = await this.#call<{ id: string; kind: string; name: string }>('GET', '/api/device/me');
    if (!me.ok) return me;
    if (me.data.kind !== 'kiosk') return { ok: false, kind: 'token', status: 403, error: 'the token file holds a screen’s token, not a kiosk’s' };
    this.#kioskId = me.data.id;
    return { ok: true, data: me.data.id };
  }

  /** The hub's public key for sealing cards (SPKI DER, base64). */
  publicKey(): Promise<HubAnswer<{ spki: string }>> {
    return this.#call('GET', '/api/kiosk/offline-key');
  }

  /** One sealed card read: recorded once per `visitId`, at `at`. */
  async tap(tap: { sealed: string; visitId: string; at: string; kept?: boolean }): Promise<HubAnswer<TapSent>> {
    const id = await this.kioskId();
    if (!id.ok) return id;
    return this.#call('POST', `/api/kiosks/${encodeURIComponent(id.data)}/tap`, tap);
  }

  /** Tells the kiosk's screen a card is being read, or to tap again. */
  async notice(state: 'reading' | 'retry'): Promise<HubAnswer<{ delivered: boolean }>> {
    const id = await this.kioskId();
    if (!id.ok) return id;
    return this.#call('POST', `/api/kiosks/${encodeURIComponent(id.data)}/reader`, { state });
  }
}
