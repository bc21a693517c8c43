import type { z } from 'zod';
import { shapeProblem } from './durable-json-file.ts';
import type { Journal, JournalChange, Journaled } from './journal.ts';
import type { Partition } from './partition.ts';

/**
 * One lowdb file whose frequent changes go through the journal: each is a small change (`C`)
 * journaled, often in a frame shared with other stores' changes, and applied to the file's data
 * once on disk; the file itself is rewritten at the journal's checkpoints, not once per change.
 * Rare changes may still be made to `file.data` and written with `file.commit()`.
 *
 * Why: a file rewritten whole on every check-in costs each check-in its whole size (rewards.json
 * holds a card per shopper per reward, and grows for years).
 */
export class JournaledFile<T, C> implements Journaled {
  constructor(
    readonly file: Partition<T>,
    private readonly journal: { journal: Journal; name: string },
    private readonly change: {
      /** Each change's shape: a journaled change of another shape stops the start-up, named. */
      schema: z.ZodType<C>;
      /** Applies one change to the data in place; must be idempotent (a change may be replayed over a file that has it). */
      apply(data: T, change: C): void;
    },
  ) {
    journal.journal.add(journal.name, this);
  }

  /**
   * A change to write in a frame (Journal.writeTogether); the data changes only once the frame
   * is on disk, so a checkpoint never writes a change whose frame a crash could still lose.
   */
  stage(change: C): JournalChange {
    return {
      journal: this.journal.journal,
      stream: this.journal.name,
      op: change,
      onDurable: () => {
        this.change.apply(this.file.data, change);
        this.file.markChanged();
      },
    };
  }

  replay(op: unknown): void {
    // Thrown as a plain error: the journal names its own file and line.
    const problem = shapeProblem(this.change.schema, op);
    if (problem) throw new Error(problem);
    this.change.apply(this.file.data, op as C);
    this.file.markChanged();
  }

  saveChanged(): Promise<void> {
    return this.file.saveChanged();
  }

  /** Resolves once every change journaled so far (this file's and the others') is on disk. */
  durable(): Promise<void> {
    return this.journal.journal.durable();
  }

  /** Brings the file and every other journaled store up to date and empties the journal (for erasure). */
  checkpoint(): Promise<void> {
    return this.journal.journal.checkpoint();
  }
}
