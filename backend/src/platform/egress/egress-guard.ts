/**
 * The one way Settle opens a connection on a tenant's behalf (PayTrace base URLs, SQL Server hosts,
 * alert webhooks): resolve the name once, check every address it resolves to against the policy,
 * then connect only to the address checked. The socket is given that address, never the name again,
 * so a name cannot resolve to a public address when checked and to a private one when connected
 * (DNS rebinding); the name is kept for TLS (SNI, certificate) and the Host header.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { addressAllowed, type EgressPolicy } from './egress-policy.js';

/** A host Settle may not reach under the policy. The message never names the address it resolved to. */
export class EgressRefused extends Error {
  readonly code = 'EGRESS_REFUSED';
  constructor(
    readonly host: string,
    /** Kept for Settle's own log; never shown to the tenant (it would map internal DNS for them). */
    readonly address: string,
  ) {
    super(`refused: ${host} is not a public address`);
  }
}

/** No answer within the time given. Named TimeoutError, as fetch's own timeouts are. */
export class EgressTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  override readonly name = 'TimeoutError';
  constructor(what: string, timeoutMs: number) {
    super(`${what}: no answer within ${timeoutMs} ms`);
  }
}

export interface CheckedAddress {
  /** The name (or literal address) as given, without brackets or a trailing dot, lower case. */
  host: string;
  /** The first address checked: the one a driver given a single address (tedious) connects to. */
  address: string;
  family: 4 | 6;
  /** Every address the name resolved to, all checked: sockets may try each (IPv6 and IPv4, happy eyeballs). */
  addresses: LookupAddress[];
}

export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/** The host of a URL as it is resolved: no IPv6 brackets, no trailing dot, lower case. */
export function hostOfUrl(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

/**
 * Resolves `host` and checks every address: one refused address refuses the host (no partial
 * trust). Answers the first address, which is then the one connected to.
 */
export async function checkHost(policy: EgressPolicy, rawHost: string, options: { timeoutMs: number; resolver?: Resolver }): Promise<CheckedAddress> {
  const host = rawHost.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  const literal = isIP(host);
  const addresses: LookupAddress[] = literal
    ? [{ address: host, family: literal }]
    : await withTimeout((options.resolver ?? systemResolver)(host), options.timeoutMs, `resolving ${host}`);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} resolves to no address`), { code: 'ENOTFOUND' });
  const refused = addresses.find((entry) => !addressAllowed(policy, host, entry.address));
  if (refused) throw new EgressRefused(host, refused.address);
  return { host, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4, addresses };
}

export interface EgressRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** For everything: the lookup, connecting, TLS, sending and reading the whole answer. */
  timeoutMs: number;
  /** Longer answers are cut here (the rest is never read). Default 1 MiB. */
  maxResponseBytes?: number;
  resolver?: Resolver;
  /** Abandons the exchange (fetch's `signal`): the socket is destroyed with the signal's reason. */
  signal?: AbortSignal;
}

export interface EgressResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for the socket that answers the checked addresses and nothing else: no second resolution. */
export function pinnedLookup(checked: CheckedAddress) {
  return (_hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    if (options?.all) callback(null, checked.addresses);
    else callback(null, checked.address, checked.family);
  };
}

/**
 * One HTTP(S) exchange with a host the policy allows, to the address checked. No redirect is
 * followed (a 3xx is answered as it is), no connection is pooled, and nothing is sent before the
 * check: a refused host never sees the request, its credentials included.
 */
export async function egressRequest(policy: EgressPolicy, request: EgressRequest): Promise<EgressResponse> {
  const startedAt = Date.now();
  const { url } = request;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw Object.assign(new Error(`${url.protocol} is not http(s)`), { code: 'ERR_INVALID_URL' });
  const checked = await checkHost(policy, hostOfUrl(url), { timeoutMs: request.timeoutMs, resolver: request.resolver });
  const remainingMs = Math.max(1, request.timeoutMs - (Date.now() - startedAt));
  const maxBytes = request.maxResponseBytes ?? 1_048_576;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: Error) => settle(() => reject(error));
    const outgoing = send(url, {
      method: request.method,
      headers: { ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}), ...request.headers },
      agent: false, // a pooled socket would skip the pinned lookup
      lookup: pinnedLookup(checked),
      ...(isIP(checked.host) ? {} : { servername: checked.host }),
    });
    const deadline = setTimeout(() => {
      const error = new EgressTimeout(checked.host, request.timeoutMs);
      fail(error);
      outgoing.destroy(error);
    }, remainingMs);
    const onAbort = () => {
      fail(request.signal!.reason as Error);
      outgoing.destroy();
    };
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('error', fail);
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => settle(() => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
      incoming.on('data', (chunk: Buffer) => {
        if (size >= maxBytes) return;
        chunks.push(chunk.subarray(0, maxBytes - size));
        size += chunk.length;
        if (size >= maxBytes) {
          finish();
          incoming.destroy();
        }
      });
      incoming.on('end', finish);
      incoming.on('error', fail);
      incoming.on('close', () => fail(Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' })));
    });
    outgoing.end(request.body);
  });
}

/**
 * `fetch` over egressRequest, for clients written against fetch (the PayTrace client). Only what
 * they use: POST/GET with a string body; `redirect` is always "manual" (never followed); a
 * refusal or failure rejects as fetch does, a TypeError whose `cause` carries the code.
 */
export function egressFetch(policy: EgressPolicy, options: { timeoutMs: number; resolver?: Resolver }): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = init?.body === undefined || init.body === null ? undefined : String(init.body);
    const method = (init?.method ?? 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const signal = init?.signal ?? undefined;
    const answer = await egressRequest(policy, { url, method, headers, body, timeoutMs: options.timeoutMs, resolver: options.resolver, signal }).catch((error: Error & { code?: string }) => {
      if (error.name === 'TimeoutError' || error.name === 'AbortError') throw error;
      throw new TypeError('fetch failed', { cause: error });
    });
    const nullBody = answer.status === 204 || answer.status === 304 || answer.body.length === 0;
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
    }
    // Response refuses statuses outside 200-599; such an answer is as good as none.
    const status = answer.status >= 200 && answer.status <= 599 ? answer.status : 502;
    return new Response(nullBody ? null : new Uint8Array(answer.body), { status, headers: responseHeaders });
  };
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EgressTimeout(what, timeoutMs)), timeoutMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
