import { z } from 'zod';

/**
 * `POST /admin/backup/snapshot`, called by `npm run backup` on this machine with the token from
 * the hub's lock file: the body names where the command will copy the snapshot (for the audit log).
 */
export const SnapshotRequest = z.strictObject({ to: z.string().min(1).max(4096).optional() });
export type SnapshotRequest = z.infer<typeof SnapshotRequest>;

/**
 * The answer: a frozen copy of the data folder staged inside it (`staging`, an absolute path) with
 * its file list, the snapshot point and what the manifest records about the hub. The command
 * copies the files out and removes `staging`.
 */
export const SnapshotAnswer = z.object({
  staging: z.string(),
  files: z.array(z.string()),
  snapshotAt: z.string(),
  journal: z.object({ file: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  layoutVersion: z.number().int().positive(),
  mall: z.string(),
  hubBuild: z.string(),
  hubVersion: z.string(),
});
export type SnapshotAnswer = z.infer<typeof SnapshotAnswer>;
