import { timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { SnapshotRequest, type SnapshotAnswer } from '#shared/schemas/backup.ts';
import type { Services } from '../services.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `POST /admin/backup/snapshot`: the local backup command's way into a running hub. Only from
 * this machine (a loopback peer that came through no proxy) and only with the token the hub wrote
 * into its lock file in the data folder (`hub.lock`, mode 0600): whoever can read that file can
 * read the data itself, so the route gives nothing more. Not a role-checked API route: no person
 * signs in for it, and it is outside the same-origin check because it carries no cookie.
 * 403 for anyone else, 400 naming the field for a bad body.
 */
export function backupRouter(services: Services): Router {
  const router = express.Router();
  router.post('/admin/backup/snapshot', express.json({ limit: '8kb', strict: true }), async (req, res, next) => {
    try {
      const token = services.backups.localToken();
      const given = Buffer.from(req.get('authorization')?.replace(/^Bearer /i, '') ?? '');
      const forwarded = req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined;
      const local = !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? '');
      if (!token || !local || given.length !== token.length || !timingSafeEqual(given, Buffer.from(token))) {
        res.status(403).json({ error: 'backups are taken on the hub\'s machine with `npm run backup`, which reads the token from the data folder' });
        return;
      }
      const body = SnapshotRequest.safeParse(req.body ?? {});
      if (!body.success) {
        const issue = body.error.issues[0];
        res.status(400).json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}`, field: issue.path.join('.') || 'body' });
        return;
      }
      const staged = await services.backups.snapshot(body.data.to);
      const answer: SnapshotAnswer = {
        staging: staged.dir,
        files: staged.files,
        snapshotAt: staged.snapshotAt,
        journal: staged.journal,
        layoutVersion: staged.layoutVersion,
        mall: services.config.mall,
        hubBuild: services.build(),
        hubVersion: process.env.npm_package_version ?? '0.1.0',
      };
      res.setHeader('Cache-Control', 'no-store');
      res.json(answer);
    } catch (e) {
      next(e);
    }
  });
  return router;
}
