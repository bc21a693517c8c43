import type { AddressInfo } from 'node:net';
import smpp, { type Pdu, type Session } from 'smpp';

/** One submit_sm as the SMS centre got it, decoded. */
export interface SubmittedPart {
  messageId: string;
  to: string;
  from: string;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  text: string;
  concat?: { ref: number; total: number; seq: number };
}

export interface SmscOptions {
  /** The account it takes binds for; any other is refused with ESME_RBINDFAIL. */
  systemId?: string;
  password?: string;
  /** Never answers a bind: an SMS centre that hangs. */
  silent?: boolean;
  /** Refuses the first N binds even with the right account: an SMS centre having a bad minute. */
  refuseBinds?: number;
}

/**
 * A real SMPP server on loopback (node-smpp's server side), as an aggregator's SMS centre: takes
 * binds, answers submit_sm with message ids, and can send delivery receipts and shoppers' replies
 * (deliver_sm) to the bound transceiver or receiver.
 */
export async function localSmsc(options: SmscOptions = {}) {
  const parts: SubmittedPart[] = [];
  const binds: string[] = [];
  const receivers = new Set<Session>();
  let next = 1000;
  let refused = 0;
  const server = smpp.createServer((session) => {
    const bind = (kind: string) => (pdu: Pdu) => {
      if (options.silent) return;
      const ok = pdu.system_id === (options.systemId ?? 'atrium') && pdu.password === (options.password ?? 'secret1') && refused++ >= (options.refuseBinds ?? 0);
      binds.push(`${kind}:${ok ? 'ok' : 'refused'}`);
      if (!ok) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        session.close();
        return;
      }
      session.send(pdu.response({ system_id: 'test-smsc' }));
      if (kind !== 'transmitter') receivers.add(session);
    };
    session.on('bind_transceiver', bind('transceiver'));
    session.on('bind_transmitter', bind('transmitter'));
    session.on('bind_receiver', bind('receiver'));
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: Pdu) => {
      const messageId = `m${next++}`;
      // node-smpp decodes short_message on arrival, by data_coding and the UDH indicator.
      const raw = (pdu.short_message as { message?: unknown; udh?: Buffer[] }) ?? {};
      const ie = raw.udh?.find((u) => u[0] === 0x00);
      const decoded = { text: String(raw.message ?? ''), ...(ie ? { concat: { ref: ie[2], total: ie[3], seq: ie[4] } } : {}) };
      parts.push({
        messageId,
        to: String(pdu.destination_addr),
        from: String(pdu.source_addr),
        dataCoding: Number(pdu.data_coding),
        esmClass: Number(pdu.esm_class),
        registeredDelivery: Number(pdu.registered_delivery),
        ...decoded,
      });
      session.send(pdu.response({ message_id: messageId }));
    });
    session.on('close', () => receivers.delete(session));
    session.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  /** Sends a deliver_sm to every bound receiver; resolves with the command_status each answered. */
  const deliver = (fields: Record<string, unknown>): Promise<number[]> =>
    Promise.all(
      [...receivers].map(
        (s) => new Promise<number>((resolve) => s.deliver_sm({ ...fields }, (resp: Pdu) => resolve(resp.command_status))),
      ),
    );

  return {
    port,
    parts,
    binds,
    /** Whether a transceiver or receiver is bound now. */
    listening: () => receivers.size > 0,
    /** A delivery receipt for one part, in the text form most SMS centres use. */
    receipt: (messageId: string, stat: 'DELIVRD' | 'UNDELIV' = 'DELIVRD') =>
      deliver({
        source_addr: '48601234567',
        esm_class: 0x04,
        short_message: { message: `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2611301000 done date:2611301001 stat:${stat} err:000 text:` },
      }),
    /** A text from a phone to the mall's number (`from` without the plus, as SMS centres send it). */
    reply: (from: string, text: string) => deliver({ source_addr: from, source_addr_ton: 1, source_addr_npi: 1, esm_class: 0, short_message: { message: text } }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of server.sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}
