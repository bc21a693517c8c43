import type { RequestHandler } from 'express';
import { changesState, foreignRequest } from './origin.ts';

/**
 * Rule 9 as middleware: a state-changing request from another origin gets a 403 naming why,
 * whatever cookie rides along (see origin.ts). `publicUrl` is read per request, so a hub whose
 * public address comes with its mall (after set-up) checks against it.
 */
export const refuseForeignOrigins =
  (publicUrl: () => string | undefined): RequestHandler =>
  (req, res, next) => {
    const refused = changesState(req.method) ? foreignRequest(req, publicUrl()) : null;
    if (!refused) return next();
    res.setHeader('Cache-Control', 'no-store');
    res.status(403).json({ error: refused });
  };

/**
 * Every API answer is made for one caller and many carry personal data (the pass page, the
 * operators' shopper views, exports): no browser, proxy or shared computer keeps a copy.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
