import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A card read kept while the hub was out of reach: the card only as ciphertext sealed to the hub's key. */
export interface SealedRead {
  visitId: string;
  /** When the card was read (ISO time): the visit's time when it is replayed. */
  at: string;
  sealed: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isSealedRead(v: unknown): v is SealedRead {
  const r = v as Partial<SealedRead> | null;
  return !!r && typeof r.visitId === 'string' && UUID.test(r.visitId) && typeof r.at === 'string' && !Number.isNaN(Date.parse(r.at)) && typeof r.sealed === 'string' && /^[A-Za-z0-9+/=]{16,1024}$/.test(r.sealed);
}

/**
 * The bridge's offline queue, one file per read in `dir` (named by its visit id), written to a
 * temporary file, fsynced and renamed, so a power cut leaves a read whole or not at all. It holds
 * no card value: only what `sealCard` made, which the kiosk PC cannot open (DESIGN.md rule 1).
 */
export class SealedQueue {
  constructor(readonly dir: string) {}

  async add(read: SealedRead): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, `.${read.visitId}.${randomBytes(4).toString('hex')}.tmp`);
    const file = await open(tmp, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(read));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, join(this.dir, `${read.visitId}.json`));
  }

  /**
   * The reads waiting, oldest first. A file that is not a whole sealed read (cut short by a crash
   * before the rename could not happen; edited by hand) is reported through `bad` and removed.
   */
  async all(bad: (file: string) => void = () => undefined): Promise<SealedRead[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const reads: SealedRead[] = [];
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(this.dir, name);
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(await readFile(path, 'utf8'));
      } catch {
        /* judged below */
      }
      if (isSealedRead(parsed) && name === `${parsed.visitId}.json`) reads.push(parsed);
      else {
        bad(name);
        await rm(path, { force: true });
      }
    }
    return reads.sort((a, b) => a.at.localeCompare(b.at));
  }

  async remove(visitId: string): Promise<void> {
    await rm(join(this.dir, `${visitId}.json`), { force: true });
  }
}
