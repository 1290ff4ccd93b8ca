/**
 * @module integrations/shared/outbound-url
 * Requests to URLs a runner typed (CalDAV servers, training-plan feeds) must not reach the
 * server's own network: loopback, private, link-local and unique-local addresses, `localhost`
 * and cloud metadata endpoints are refused unless the operator allows them
 * (`OUTBOUND_ALLOW_PRIVATE`, for a self-hosted instance next to a LAN Nextcloud).
 *
 * Web-standard only (runs on Workers). It checks the literal host of the URL and of every
 * redirect hop; a DNS name that resolves to a private address is caught by the fetch underneath:
 * on Node, `src/platform/node/outbound-fetch.ts` resolves every name and connects only to an
 * address `isPrivateAddress` accepted; the Workers runtime refuses private addresses itself.
 *
 * At fetch time every refused or unreachable target gives the same error (`outboundUnreachable`):
 * telling "private address" from "connection refused" from "no such host" would let a runner
 * probe the server's network through a URL field.
 */
import { IntegrationError } from '../../src/core/errors';

export interface OutboundPolicy {
  /** allow private and local addresses (self-hosted, trusted network) */
  allowPrivate: boolean;
}

const PRIVATE_ADDRESS_MESSAGE = 'must not point to a local or private network address (the server operator can allow it with OUTBOUND_ALLOW_PRIVATE=true)';
const SCHEME_MESSAGE = 'must be an http(s) URL';

const BLOCKED_NAMES = new Set(['localhost', 'metadata.google.internal']);
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function ipv4Parts(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

function isPrivateV4([a = 0, b = 0, c = 0]: readonly number[]): boolean {
  return (
    a === 0 || // "this network", 0.0.0.0
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT (also some cloud metadata)
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224 // multicast, reserved, broadcast
  );
}

/** The 8 groups of a bracketed IPv6 host as the URL parser serialises it (hex, `::`-compressed). */
function ipv6Groups(host: string): number[] | undefined {
  if (!host.startsWith('[') || !host.endsWith(']')) return undefined;
  const text = host.slice(1, -1);
  const halves = text.split('::');
  if (halves.length > 2) return [];
  const parse = (part: string | undefined) => (part ? part.split(':').map((h) => (/^[0-9a-f]{1,4}$/i.test(h) ? Number.parseInt(h, 16) : Number.NaN)) : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const groups = halves.length === 2 ? [...head, ...new Array<number>(Math.max(0, 8 - head.length - tail.length)).fill(0), ...tail] : head;
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : [];
}

function isPrivateV6(g: readonly number[]): boolean {
  // Unparseable: refuse rather than guess.
  if (g.length !== 8) return true;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const v4 = (hi: number, lo: number) => isPrivateV4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroPrefix && g5 === 0 && g6 === 0 && (g7 === 0 || g7 === 1)) return true; // :: and ::1
  if (zeroPrefix && (g5 === 0xffff || g5 === 0)) return v4(g6, g7); // IPv4-mapped / -compatible
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return v4(g6, g7); // NAT64
  if (g0 === 0x2002) return v4(g1, g2); // 6to4
  return (g0 & 0xfe00) === 0xfc00 || (g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0 || (g0 & 0xff00) === 0xff00;
}

/**
 * True when a resolved address (as a resolver returns it: dotted IPv4, or IPv6 without brackets,
 * possibly with a dotted IPv4 tail or a zone) is local, private, link-local or reserved.
 */
export function isPrivateAddress(address: string): boolean {
  const text = address.trim().toLowerCase().replace(/%.*$/, '');
  const v4 = ipv4Parts(text);
  if (v4) return isPrivateV4(v4);
  if (!text.includes(':')) return true;
  // `::ffff:127.0.0.1`: turn a dotted IPv4 tail into two hex groups.
  const dotted = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  let hex = text;
  if (dotted) {
    const parts = ipv4Parts(dotted[2] ?? '');
    if (!parts) return true;
    const [a = 0, b = 0, c = 0, d = 0] = parts;
    hex = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groups = ipv6Groups(`[${hex}]`);
  return groups ? isPrivateV6(groups) : true;
}

/** The one error for a runner-supplied URL whose server was refused or could not be reached. */
export const OUTBOUND_UNREACHABLE_MESSAGE = 'the server at this URL could not be reached';

export function outboundUnreachable(retryable: boolean, cause?: unknown): IntegrationError {
  return new IntegrationError('UPSTREAM_UNAVAILABLE', OUTBOUND_UNREACHABLE_MESSAGE, { retryable, cause });
}

/** Marker of a connection refused by the resolver hook (private address behind a name). */
export const OUTBOUND_REFUSED_CODE = 'E_OUTBOUND_PRIVATE_ADDRESS';

function isTimeoutOrAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function refusedByResolver(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === OUTBOUND_REFUSED_CODE) return true;
  }
  return false;
}

/** True when the host is a literal local/private address or a name that always is one. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  if (BLOCKED_NAMES.has(host) || host.endsWith('.localhost')) return true;
  const v4 = ipv4Parts(host);
  if (v4) return isPrivateV4(v4);
  const v6 = ipv6Groups(host);
  return v6 ? isPrivateV6(v6) : false;
}

/** Why this URL may not be fetched, or undefined when it may. */
export function outboundUrlProblem(url: string | URL, policy: OutboundPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return SCHEME_MESSAGE;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return SCHEME_MESSAGE;
  if (!policy.allowPrivate && isPrivateHost(parsed.hostname)) return PRIVATE_ADDRESS_MESSAGE;
  return undefined;
}

/** A refused target: permanent, but worded like any unreachable one. */
function refuse(_problem: string): IntegrationError {
  return outboundUnreachable(false);
}

/**
 * A fetch that checks the URL before every request, and follows redirects itself so that every
 * hop is checked too (credentials are dropped when a redirect leaves the origin).
 */
export function guardFetch(fetchFn: typeof fetch, policy: OutboundPolicy): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    let url = new URL(request ? request.url : input.toString());
    let method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers ?? request?.headers);
    let body: BodyInit | null | undefined = init?.body ?? (request?.body ? await request.arrayBuffer() : undefined);
    const mode = init?.redirect ?? request?.redirect ?? 'follow';
    for (let hop = 0; ; hop++) {
      const problem = outboundUrlProblem(url, policy);
      if (problem) throw refuse(problem);
      let res: Response;
      try {
        res = await fetchFn(url.href, { ...init, method, headers, body, redirect: mode === 'error' ? 'error' : 'manual' });
      } catch (error) {
        // A time limit is the caller's to report; everything else is one neutral answer.
        if (isTimeoutOrAbort(error) || error instanceof IntegrationError) throw error;
        throw outboundUnreachable(!refusedByResolver(error), error);
      }
      const location = res.headers.get('location');
      if (mode !== 'follow' || !REDIRECT_STATUSES.has(res.status) || !location) return res;
      await res.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw outboundUnreachable(false);
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        headers.delete('authorization');
        headers.delete('cookie');
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers.delete('content-type');
      }
      url = next;
    }
  };
}
