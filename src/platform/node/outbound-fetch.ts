/**
 * The fetch for runner-supplied URLs on Node (CalDAV servers, plan feeds). The web-standard guard
 * (`integrations/shared/outbound-url.ts`) checks literal hosts and every redirect hop; this adds
 * what only the runtime can do: resolve the name, refuse when ANY of its addresses is local or
 * private (a name pointing at 127.0.0.1 through /etc/hosts or DNS), and connect to exactly the
 * address that was checked (the lookup hook of the connection, so a second, different DNS answer
 * cannot slip in between check and connect).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent } from 'undici';
import { isPrivateAddress, OUTBOUND_REFUSED_CODE } from '../../../integrations/shared/outbound-url';

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

function refused(): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error('outbound connection refused');
  error.code = OUTBOUND_REFUSED_CODE;
  return error;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A net `lookup` that refuses names resolving to any private address. */
export function guardedLookup(resolve: Resolver = systemResolver) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    resolve(hostname).then(
      (all) => {
        if (all.length === 0 || all.some((a) => isPrivateAddress(a.address))) return callback(refused(), []);
        const wanted = options.family === 6 || options.family === 'IPv6' ? 6 : options.family === 4 || options.family === 'IPv4' ? 4 : 0;
        const usable = wanted ? all.filter((a) => a.family === wanted) : all;
        if (usable.length === 0) return callback(refused(), []);
        if (options.all) return callback(null, usable);
        const first = usable[0] as LookupAddress;
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

/**
 * A fetch whose connections go through `guardedLookup` (unless private addresses are allowed).
 * It calls the global fetch at request time (test interceptors stay in effect).
 */
export function createOutboundFetch(opts: { allowPrivate: boolean; resolve?: Resolver }): typeof fetch {
  if (opts.allowPrivate) return (input, init) => fetch(input, init);
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(opts.resolve) as never } });
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}
