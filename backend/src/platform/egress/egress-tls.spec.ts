/**
 * TLS through the guard: the socket goes to the checked address while the certificate is checked
 * against the name (SNI), and a certificate that does not fit is a tls_error, not "unreachable".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionFailureKind } from './connection-failure.js';
import { egressRequest } from './egress-guard.js';
import { parseAllowlist } from './egress-policy.js';

let server: Server;
let port = 0;
const serverNames: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'egress-tls-'));
  try {
    // A self-signed certificate for paytrace.test, made for this test (nothing trusts it).
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=paytrace.test', '-addext', 'subjectAltName=DNS:paytrace.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const [key, cert] = [readFileSync(join(dir, 'key.pem')), readFileSync(join(dir, 'cert.pem'))];
    const context = createSecureContext({ key, cert });
    server = createServer({ key, cert, SNICallback: (name, done) => (serverNames.push(name), done(null, context)) }, (_req, res) => res.end('{}'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('TLS through the egress guard', () => {
  it('connects to the checked address, names the host in SNI, and calls an untrusted certificate a tls_error', async () => {
    const resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const failure = await egressRequest(parseAllowlist('loopback'), { url: new URL(`https://paytrace.test:${port}/oauth/token`), method: 'POST', headers: {}, body: '', timeoutMs: 5_000, resolver }).catch((error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(serverNames).toEqual(['paytrace.test']);
    expect(connectionFailureKind(failure)).toBe('tls_error');
  });
});
