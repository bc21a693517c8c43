import { execFileSync } from 'node:child_process';
import { dirname, basename, join } from 'node:path';

/**
 * Makes the next write of `file` hang, for crash tests with the hub as a real process: the file's
 * temp file (storage/partition.ts writes `.<name>.tmp` and renames it) becomes a named pipe no one
 * reads, so opening it for writing blocks (in the thread pool) while the rest of the hub goes on.
 * A SIGKILL then is a crash at exactly that point. The hub removes the pipe as a leftover temp
 * file when it starts again.
 */
export function jamNextWrite(file: string): void {
  execFileSync('mkfifo', [join(dirname(file), `.${basename(file)}.tmp`)]);
}
