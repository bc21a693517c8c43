import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpSinkOptions {
  /** Answers the first N messages with a temporary failure (451), as a busy server would. */
  refuseFirst?: number;
  /** Holds each message's reply until this settles: a mail server that is slow to answer. */
  gate?: Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives. */
export async function smtpSink(options: SmtpSinkOptions = {}): Promise<{
  port: number;
  mails: { to: string[]; raw: string }[];
  /** Messages refused so far. */
  refused: () => number;
  /** Messages received whose reply is held by the gate. */
  held: () => number;
  close: () => Promise<void>;
}> {
  const mails: { to: string[]; raw: string }[] = [];
  let refused = 0;
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'atrium' && auth.password === 'smtp-secret') callback(null, { user: auth.username });
      else callback(new Error('bad login'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        if (refused < (options.refuseFirst ?? 0)) {
          refused++;
          callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          return;
        }
        const accept = () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        };
        if (!options.gate) return accept();
        held++;
        void options.gate.then(() => {
          held--;
          accept();
        });
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    refused: () => refused,
    held: () => held,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
