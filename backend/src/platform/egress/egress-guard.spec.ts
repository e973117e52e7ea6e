import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectionFailureKind } from './connection-failure.js';
import { checkHost, EgressRefused, egressFetch, egressRequest, EgressTimeout, type Resolver } from './egress-guard.js';
import { parseAllowlist, PUBLIC_ONLY } from './egress-policy.js';

let server: Server;
let port = 0;
const seen: { method?: string; url?: string; host?: string; body: string }[] = [];
let respond: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, host: req.headers.host, body });
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  respond = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><title>Internal admin</title></html>');
});

const loopbackAllowed = parseAllowlist('loopback');
/** A resolver that answers `addresses` for every name and counts its calls. */
function fixedResolver(...addresses: string[]): Resolver & { calls: number } {
  const resolver = Object.assign(async () => {
    resolver.calls++;
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }, { calls: 0 });
  return resolver;
}

describe('egress guard', () => {
  it('refuses a loopback address under the production policy before sending anything', async () => {
    const request = egressRequest(PUBLIC_ONLY, { url: new URL(`http://127.0.0.1:${port}/login`), method: 'POST', headers: {}, body: 'password=secret', timeoutMs: 2_000 });
    await expect(request).rejects.toBeInstanceOf(EgressRefused);
    await expect(request).rejects.toMatchObject({ code: 'EGRESS_REFUSED', message: 'refused: 127.0.0.1 is not a public address' });
    expect(seen).toEqual([]);
  });

  it('refuses a name when any address it resolves to is refused, and the message does not name the address', async () => {
    const resolver = fixedResolver('8.8.8.8', '169.254.169.254');
    const refused = await checkHost(PUBLIC_ONLY, 'metadata.attacker.example', { timeoutMs: 1_000, resolver }).catch((error) => error);
    expect(refused).toBeInstanceOf(EgressRefused);
    expect(refused.address).toBe('169.254.169.254');
    expect(refused.message).not.toContain('169.254');
    await expect(checkHost(PUBLIC_ONLY, '[::ffff:127.0.0.1]', { timeoutMs: 1_000 })).rejects.toBeInstanceOf(EgressRefused);
  });

  it('resolves once and connects to the address it checked, keeping the name for the Host header (no DNS rebinding)', async () => {
    // The name exists nowhere but in this resolver: the socket can only have gone to the checked address.
    const resolver = fixedResolver('127.0.0.1');
    const answer = await egressRequest(loopbackAllowed, { url: new URL(`http://paytrace.rebind.test:${port}/v1/x`), method: 'GET', headers: {}, timeoutMs: 2_000, resolver });
    expect(answer.status).toBe(200);
    expect(resolver.calls).toBe(1);
    expect(seen).toEqual([{ method: 'GET', url: '/v1/x', host: `paytrace.rebind.test:${port}`, body: '' }]);
  });

  it('lets the socket try every checked address of a name, as fetch does (::1 first, served on 127.0.0.1)', async () => {
    const resolver = fixedResolver('::1', '127.0.0.1');
    const answer = await egressRequest(loopbackAllowed, { url: new URL(`http://localhost.test:${port}/`), method: 'GET', headers: {}, timeoutMs: 2_000, resolver });
    expect(answer.status).toBe(200);
    expect(resolver.calls).toBe(1);
  });

  it('does not follow redirects', async () => {
    respond = (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    const answer = await egressRequest(loopbackAllowed, { url: new URL(`http://127.0.0.1:${port}/`), method: 'POST', headers: {}, body: '{}', timeoutMs: 2_000 });
    expect(answer.status).toBe(302);
    expect(seen).toHaveLength(1);
  });

  it('gives up after its timeout, and cuts answers longer than allowed', async () => {
    respond = () => undefined; // never answers
    const started = Date.now();
    await expect(egressRequest(loopbackAllowed, { url: new URL(`http://127.0.0.1:${port}/`), method: 'GET', headers: {}, timeoutMs: 300 })).rejects.toBeInstanceOf(EgressTimeout);
    expect(Date.now() - started).toBeLessThan(2_000);
    respond = (_req, res) => res.end('x'.repeat(100_000));
    const cut = await egressRequest(loopbackAllowed, { url: new URL(`http://127.0.0.1:${port}/`), method: 'GET', headers: {}, timeoutMs: 2_000, maxResponseBytes: 1_000 });
    expect(cut.body.length).toBe(1_000);
  });

  it('serves fetch callers: an answer as a Response, a refusal as fetch fails', async () => {
    const allowed = egressFetch(loopbackAllowed, { timeoutMs: 2_000 });
    const response = await allowed(`http://127.0.0.1:${port}/oauth/token`, { method: 'POST', body: 'grant_type=password', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>');
    expect(seen[0].body).toBe('grant_type=password');

    const refused = await egressFetch(PUBLIC_ONLY, { timeoutMs: 2_000 })(`http://127.0.0.1:${port}/oauth/token`, { method: 'POST', body: 'password=secret' }).catch((error) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect(refused.cause.code).toBe('EGRESS_REFUSED');
    expect(seen).toHaveLength(1);

    respond = () => undefined;
    const aborted = await allowed(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(200) }).catch((error) => error);
    expect(aborted.name).toBe('TimeoutError');
  });
});

describe('connection failures', () => {
  it('are one of a few kinds, whatever answered', () => {
    expect(connectionFailureKind(new EgressRefused('h', '10.0.0.1'))).toBe('refused_address');
    expect(connectionFailureKind(new TypeError('fetch failed', { cause: new EgressRefused('h', '10.0.0.1') }))).toBe('refused_address');
    expect(connectionFailureKind('EGRESS_REFUSED fetch failed: refused: h is not a public address')).toBe('refused_address');
    expect(connectionFailureKind('DEPTH_ZERO_SELF_SIGNED_CERT fetch failed: self-signed certificate')).toBe('tls_error');
    expect(connectionFailureKind({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toBe('tls_error');
    // An open port that speaks no TLS answers like a closed one: https must not tell them apart.
    expect(connectionFailureKind({ code: 'EPROTO', message: 'SSL routines:ssl3_get_record:wrong version number' })).toBe('unreachable');
    expect(connectionFailureKind(new TypeError('fetch failed', { cause: { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'TLS handshake failed' } }))).toBe('unreachable');
    expect(connectionFailureKind(new EgressTimeout('h', 10))).toBe('unreachable'); // a filtered port looks like a closed one
    for (const failure of ['ECONNREFUSED connect ECONNREFUSED 127.0.0.1:6379', 'ECONNRESET socket hang up', 'HPE_INVALID_CONSTANT Expected HTTP/', new Error('<title>x</title>')]) {
      expect(connectionFailureKind(failure), String(failure)).toBe('unreachable');
    }
  });
});
