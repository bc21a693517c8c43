import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { DomainError } from '../core/errors.ts';

/**
 * Rule 10: where the hub may call out to (webhooks, SMTP). Only public unicast addresses;
 * private ranges (RFC 1918, IPv6 unique-local, carrier-grade NAT) only when the operator allows
 * them for an on-site system; loopback only under a test-only flag. Link-local (the cloud
 * metadata service at 169.254.169.254), unspecified, multicast, reserved and the IPv6 ranges that
 * tunnel to IPv4 are never reached. The address is checked after resolving the name, at send
 * time, and the connection is made to that checked address, so DNS cannot switch it afterwards.
 */
export interface OutboundPolicy {
  allowPrivate: boolean;
  /** Tests only: lets a test reach its own receiver on 127.0.0.1. */
  allowLoopback: boolean;
}

/** What an operator is told when a target is refused: never what lies behind it. */
export const REFUSED_TARGET = 'that address is not reachable from the hub: loopback, link-local and private addresses are refused';

/** Whether one IP address (any spelling Node or the URL parser produce) may be called. */
export function addressAllowed(address: string, policy: OutboundPolicy): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) back into IPv4.
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return true;
  if (range === 'private' || range === 'uniqueLocal' || range === 'carrierGradeNat') return policy.allowPrivate;
  if (range === 'loopback') return policy.allowLoopback;
  return false;
}

/**
 * Resolves a host name (or takes an IP literal) and returns one address that may be called.
 * Every address the name resolves to must be allowed: a name that also points inside is refused
 * as a whole. Throws DomainError 'forbidden' with REFUSED_TARGET, or 'unavailable' when the name
 * does not resolve.
 */
export async function resolveAllowed(host: string, policy: OutboundPolicy): Promise<{ address: string; family: 4 | 6 }> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare)) {
    if (!addressAllowed(bare, policy)) throw new DomainError('forbidden', REFUSED_TARGET);
    return { address: bare, family: isIP(bare) as 4 | 6 };
  }
  let all: { address: string; family: number }[];
  try {
    all = await dnsLookup(bare, { all: true, verbatim: true });
  } catch {
    throw new DomainError('unavailable', 'that host name does not resolve');
  }
  if (all.length === 0) throw new DomainError('unavailable', 'that host name does not resolve');
  if (!all.every((a) => addressAllowed(a.address, policy))) throw new DomainError('forbidden', REFUSED_TARGET);
  return { address: all[0].address, family: all[0].family as 4 | 6 };
}

/**
 * A `lookup` for http.request / net.connect that answers only with a checked address, so the
 * socket connects exactly where the check said (no second, rebound DNS answer).
 */
export function checkedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowed(hostname, policy).then(
      ({ address, family }) => {
        if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
        else callback(null, address, family);
      },
      (e: unknown) => callback(Object.assign(new Error(e instanceof Error ? e.message : 'refused'), { code: 'EREFUSEDTARGET' }) as NodeJS.ErrnoException, '', 0),
    );
  };
}

/**
 * Checks a URL an operator gives for the hub to call: http(s) only, no user name or password in
 * it, and an IP literal (in any spelling: decimal, hex, octal, IPv4-mapped, [::1]) must be an
 * allowed address. A host name is checked when it is called. Returns the parsed URL; throws
 * DomainError 'invalid' naming `field`.
 */
export function checkTargetUrl(raw: string, policy: OutboundPolicy, field = 'url'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError('invalid', 'not a valid URL', field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DomainError('invalid', 'only http and https URLs can be called', field);
  if (url.username || url.password) throw new DomainError('invalid', 'put no user name or password in the URL; the request is signed instead', field);
  // The URL parser has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) && !addressAllowed(host, policy)) throw new DomainError('invalid', REFUSED_TARGET, field);
  return url;
}

/** Checks an SMTP host setting the same way: an IP literal must be allowed; a name is checked at send time. */
export function checkTargetHost(host: string, policy: OutboundPolicy, field = 'host'): void {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) && !addressAllowed(bare, policy)) throw new DomainError('invalid', REFUSED_TARGET, field);
  // Numeric spellings the URL parser would read as IPv4 (2130706433, 0x7f000001, 0177.1).
  if (/^[0-9a-fx.]+$/i.test(bare) && !isIP(bare)) {
    let parsed: string | null = null;
    try {
      parsed = new URL(`http://${bare}/`).hostname;
    } catch {
      /* not an address */
    }
    if (parsed && isIP(parsed) && !addressAllowed(parsed, policy)) throw new DomainError('invalid', REFUSED_TARGET, field);
  }
}

/**
 * POSTs a body to an operator's URL and returns only the status code (the answer's body is never
 * read, so nothing an internal service says comes back). The name is resolved and checked first
 * and the connection pinned to that address; redirects are not followed. Throws DomainError
 * 'forbidden' (REFUSED_TARGET) for a refused address, or an Error with a generic message
 * ('timed out', 'could not connect', 'host name does not resolve').
 */
export async function postChecked(
  target: string,
  headers: Record<string, string>,
  body: string,
  policy: OutboundPolicy,
  timeoutMs: number,
): Promise<number> {
  const url = checkTargetUrl(target, policy);
  const { address, family } = await resolveAllowed(url.hostname, policy);
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // Pinned: connect to the address just checked, whatever DNS says a moment later.
        lookup: ((_host: string, options: { all?: boolean }, callback: (...a: unknown[]) => void) =>
          options.all ? callback(null, [{ address, family }]) : callback(null, address, family)) as unknown as LookupFunction,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new OutboundFailure('timed out')));
    req.on('error', (e) => reject(e instanceof OutboundFailure ? e : new OutboundFailure('could not connect')));
    req.end(body);
  });
}

/** A failed call, with a message that says nothing about what is at the other end. */
export class OutboundFailure extends Error {}
