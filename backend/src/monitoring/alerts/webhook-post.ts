/**
 * One JSON POST over node:http(s), for alert webhooks. Not fetch: the SSRF guard has to see the
 * addresses the socket really connects to (a `lookup` of its own), or a name could resolve to a
 * public address when checked and to a private one when connected (DNS rebinding).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { firstNonPublic, hostOf, isPublicAddress, NonPublicTarget } from './webhook-address.js';

export interface WebhookPostOptions {
  /** Loopback, private and link-local receivers allowed (ALERT_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  timeoutMs?: number;
}

export class DeadlinePassed extends Error {}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Resolves the status code of the answer; its body is discarded. No redirect is followed. */
export function postJson(url: URL, headers: Record<string, string>, body: string, options: WebhookPostOptions & { timeoutMs: number }): Promise<number> {
  const host = hostOf(url);
  // A literal address is connected to without any lookup, so it is checked here.
  if (!options.allowPrivate && isIP(host) && !isPublicAddress(host)) return Promise.reject(new NonPublicTarget(host, host));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      // A connection of its own: a pooled socket would skip the lookup below.
      agent: false,
      ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
    });
    const deadline = setTimeout(() => request.destroy(new DeadlinePassed(`no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    request.on('response', (response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      response.on('close', () => clearTimeout(deadline));
    });
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(body);
  });
}

/** dns.lookup, refusing a name when any address it resolves to is not public. */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = firstNonPublic(addresses);
    if (refused) return callback(new NonPublicTarget(hostname, refused.address), '');
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
