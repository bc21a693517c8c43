/**
 * The parts of `smpp` (node-smpp, plain JavaScript, no published types) that Atrium uses. PDU
 * fields are named as in the SMPP 3.4/5.0 specification.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(fields?: Record<string, unknown>): Pdu;
  }

  /** A PDU made by hand; its fields and methods are Pdu's (the interface below merges into the class). */
  export class PDU {
    constructor(command: string, fields?: Record<string, unknown>);
  }
  export interface PDU extends Pdu {}

  export class Session extends EventEmitter {
    socket: Socket;
    send(pdu: Pdu, onResponse?: (pdu: Pdu) => void, onSent?: (pdu: Pdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transmitter(fields: Record<string, unknown>, onResponse?: (pdu: Pdu) => void): boolean;
    bind_transceiver(fields: Record<string, unknown>, onResponse?: (pdu: Pdu) => void): boolean;
    bind_receiver(fields: Record<string, unknown>, onResponse?: (pdu: Pdu) => void): boolean;
    submit_sm(fields: Record<string, unknown>, onResponse?: (pdu: Pdu) => void): boolean;
    deliver_sm(fields: Record<string, unknown>, onResponse?: (pdu: Pdu) => void): boolean;
    enquire_link(fields?: Record<string, unknown>, onResponse?: (pdu: Pdu) => void): boolean;
    unbind(fields?: Record<string, unknown>, onResponse?: (pdu: Pdu) => void): boolean;
  }

  export interface ConnectOptions {
    host: string;
    port: number;
    tls?: boolean;
    servername?: string;
    auto_enquire_link_period?: number;
    connectTimeout?: number;
  }

  interface Coder {
    match(text: string): boolean;
    encode(text: string): Buffer;
    decode(bytes: Buffer): string;
  }

  /** The package is CommonJS: Node hands its exports over as the default import. */
  const smpp: {
    connect(options: ConnectOptions, listener?: () => void): Session;
    createServer(listener: (session: Session) => void): NetServer & { sessions: Session[] };
    PDU: typeof PDU;
    encodings: { ASCII: Coder; UCS2: Coder };
    ESME_ROK: number;
    ESME_RBINDFAIL: number;
    ESME_RINVPASWD: number;
    ESME_RTHROTTLED: number;
    ESME_RMSGQFUL: number;
    ESME_RX_T_APPN: number;
    ESME_RINVDSTADR: number;
    ESME_RSYSERR: number;
  };
  export default smpp;
}
