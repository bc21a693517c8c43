/**
 * What the bridge takes from Atrium's shared code: the one card form (so a bridge read and a wedge
 * read of one card give one token) and the one sealing (as the kiosk's offline queue seals).
 * The bridge is its own package (kiosk/bridge/package.json, so the hub never needs PC/SC headers),
 * and Node's `#shared/*` import map may only point inside a package: hence this one relative
 * path, in this one file. Both modules are plain functions with no runtime dependencies.
 */
export { canonicalCard, luhnValid, type NormalisedCard } from '../../../shared/cards.ts';
export { sealCard } from '../../../shared/card-seal.ts';
