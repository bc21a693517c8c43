import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import ipaddr from 'ipaddr.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Rule 9: state changes only from the hub's own origin. Browsers name the page a request comes
 * from (`Origin`; Chromium also sends `Sec-Fetch-Site`), and that is what is checked:
 *
 * - a request with an `Origin` must come from the hub's own origin (the scheme and Host it was
 *   reached at, as a proxy on the same machine reports them) or the configured `publicUrl`;
 *   `Origin: null` (sandboxed frames, some redirects) is refused;
 * - a request with no `Origin` but `Sec-Fetch-Site` other than `same-origin` or `none` is refused;
 * - a request with neither is not from a browser page (a reader bridge, a shop's server with its
 *   API token, curl) and passes: it cannot ride a browser's cookie. Devices and API tokens are
 *   bearer tokens, which no foreign page can make a browser send.
 *
 * Returns why the request is refused, or null when it may go on.
 */
export function foreignRequest(req: IncomingMessage, publicUrl: string | undefined): string | null {
  const origin = header(req, 'origin');
  if (origin !== undefined) {
    return allowedOrigins(req, publicUrl).has(origin.toLowerCase()) ? null : `a request from another origin (${origin}) may not change anything here; use the hub's own pages`;
  }
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `a request from another origin (${site}) may not change anything here; use the hub's own pages`;
  return null;
}

/** Whether an HTTP method changes state (anything but GET, HEAD and OPTIONS). */
export const changesState = (method: string | undefined) => !SAFE_METHODS.has((method ?? 'GET').toUpperCase());

function allowedOrigins(req: IncomingMessage, publicUrl: string | undefined): Set<string> {
  const proxied = fromLoopback(req);
  const scheme = (proxied && header(req, 'x-forwarded-proto')?.split(',')[0].trim()) || ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
  const hosts = [header(req, 'host'), proxied ? header(req, 'x-forwarded-host')?.split(',')[0].trim() : undefined];
  const allowed = new Set<string>();
  for (const host of hosts) if (host) allowed.add(`${scheme}://${host}`.toLowerCase());
  if (publicUrl) allowed.add(new URL(publicUrl).origin.toLowerCase());
  return allowed;
}

/** The same trust as Express's `trust proxy: 'loopback'`: forwarded headers count only from this machine. */
function fromLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress;
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'loopback';
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
