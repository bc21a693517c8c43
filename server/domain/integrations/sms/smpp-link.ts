import smpp, { type Pdu, type Session } from 'smpp';
import { OutboundFailure } from '../outbound.ts';

/** Where and how to bind: the SMS centre's address (already checked, rule 10) and the account. */
export interface LinkTarget {
  /** The checked address to connect to. */
  address: string;
  /** The configured name, for TLS's certificate check. */
  servername: string;
  port: number;
  tls: boolean;
  systemId: string;
  password: string;
  systemType: string;
  bind: 'transmitter' | 'transceiver' | 'receiver';
}

/** Our own words for an SMS centre's refusal; its text (if any) is never passed on. */
export function smscFailure(status: number, doing: string): OutboundFailure {
  if (status === smpp.ESME_RBINDFAIL || status === smpp.ESME_RINVPASWD || status === 0x0f /* ESME_RINVSYSID */) {
    return new OutboundFailure('the SMS centre refused the sign-in (bind): check the system id and password');
  }
  if (status === smpp.ESME_RTHROTTLED || status === smpp.ESME_RMSGQFUL) return new OutboundFailure(`the SMS centre asked to slow down (${doing}, status ${status})`);
  if (status === smpp.ESME_RINVDSTADR || status === 0x0b) return new PermanentSmsFailure('the SMS centre refused the number (destination_addr)');
  return new OutboundFailure(`the SMS centre refused ${doing} (status ${status})`);
}

/** A refusal that a retry cannot change (a number the SMS centre does not take). */
export class PermanentSmsFailure extends OutboundFailure {}

/**
 * One SMPP session to the mall's SMS centre, bound as transmitter, transceiver or receiver, using
 * `smpp` (node-smpp). Every request waits at most `timeoutMs` for its answer; the session keeps
 * itself alive with enquire_link. Inbound deliver_sm (delivery receipts, texts from shoppers) go to
 * `onDeliver`, which answers with the command_status to send back (0: taken).
 */
export class SmppLink {
  #session: Session | null = null;
  #bound = false;
  #closed = false;

  constructor(
    private readonly target: LinkTarget,
    private readonly timeoutMs: number,
    private readonly on: { deliver: (pdu: Pdu) => Promise<number>; closed: (link: SmppLink) => void },
  ) {}

  get bound(): boolean {
    return this.#bound && !this.#closed;
  }

  /**
   * Connects and binds. Throws OutboundFailure: could not connect, did not answer in time (the
   * connection or the bind), refused the sign-in. A failed open leaves nothing connected.
   */
  async open(): Promise<void> {
    const t = this.target;
    const session = smpp.connect({
      host: t.address,
      port: t.port,
      tls: t.tls,
      ...(t.tls && t.servername !== t.address ? { servername: t.servername } : {}),
      auto_enquire_link_period: 30_000,
    });
    this.#session = session;
    session.on('close', () => {
      const wasBound = this.#bound;
      this.#bound = false;
      this.#closed = true;
      if (wasBound) this.on.closed(this);
    });
    session.on('deliver_sm', (pdu: Pdu) => {
      this.on.deliver(pdu).then(
        (status) => session.send(pdu.response({ command_status: status })),
        () => session.send(pdu.response({ command_status: smpp.ESME_RX_T_APPN })),
      );
    });
    // The SMS centre checks we are there; answer, or it drops the bind.
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    try {
      await this.#within('connecting', new Promise<void>((resolve, reject) => {
        session.once(t.tls ? 'secureConnect' : 'connect', () => resolve());
        session.once('error', () => reject(new OutboundFailure('could not connect to the SMS centre')));
      }));
      session.on('error', () => undefined); // after connecting, 'close' follows and says it all
      const fields = { system_id: t.systemId, password: t.password, system_type: t.systemType, interface_version: 0x34 };
      const answer = await this.#request('the sign-in (bind)', (done) => session[`bind_${t.bind}`](fields, done));
      if (answer.command_status !== smpp.ESME_ROK) throw smscFailure(answer.command_status, 'the sign-in (bind)');
      this.#bound = true;
    } catch (e) {
      this.#closed = true;
      session.destroy();
      throw e;
    }
  }

  /**
   * Sends one submit_sm; resolves with the SMS centre's message_id. Throws OutboundFailure (timed
   * out, refused, not bound) or PermanentSmsFailure (the number refused).
   */
  async submit(fields: Record<string, unknown>): Promise<string> {
    const session = this.#session;
    if (!session || !this.bound) throw new OutboundFailure('not connected to the SMS centre');
    const answer = await this.#request('the message (submit_sm)', (done) => session.submit_sm(fields, done));
    if (answer.command_status !== smpp.ESME_ROK) throw smscFailure(answer.command_status, 'the message (submit_sm)');
    return String(answer.message_id ?? '');
  }

  /** Unbinds politely, then closes; resolves once closed (or after the timeout). */
  async close(): Promise<void> {
    const session = this.#session;
    if (!session || this.#closed) return;
    this.#bound = false;
    this.#closed = true;
    await this.#within('closing', new Promise<void>((resolve) => {
      session.once('close', () => resolve());
      if (!session.unbind({}, () => session.close())) session.destroy();
    })).catch(() => session.destroy());
  }

  /** Sends a request and waits for its response PDU; a timeout closes the session (its state is unknown). */
  #request(doing: string, send: (done: (pdu: Pdu) => void) => boolean): Promise<Pdu> {
    return this.#within(doing, new Promise<Pdu>((resolve, reject) => {
      if (!send(resolve)) reject(new OutboundFailure('not connected to the SMS centre'));
    })).catch((e: unknown) => {
      if (e instanceof TimeoutFailure) this.#session?.destroy();
      throw e;
    });
  }

  #within<T>(doing: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutFailure(`the SMS centre did not answer in time (${doing})`)), this.timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}

class TimeoutFailure extends OutboundFailure {}
