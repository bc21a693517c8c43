import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs. Card input, tokens, passwords and cookies are redacted by key wherever they
 * appear, as a second line of defence: the code never passes them to a log in the first place.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    redact: {
      paths: ['card', '*.card', 'token', '*.token', 'password', '*.password', 'cookie', '*.cookie', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
export type { Logger };
