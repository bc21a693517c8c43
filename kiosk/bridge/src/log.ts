/**
 * The bridge's log: one plain line per event on stderr (journald keeps it under systemd). Callers
 * pass only what happened and why (a reader's name, a failure reason, an HTTP status); no card
 * value, UID or PAN is ever handed to it, so none can reach the journal (DESIGN.md rule 1).
 */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
}

export function lineLog(write: (line: string) => void = (l) => process.stderr.write(l)): Log {
  const line = (level: string, message: string) => write(`${new Date().toISOString()} ${level} ${message}\n`);
  return { info: (m) => line('info', m), warn: (m) => line('warn', m) };
}

/** An error's message for a log line, without a stack. */
export const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));
