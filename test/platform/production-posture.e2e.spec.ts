/**
 * Issue #12, findings 1, 5 and 10 (headers): Settle started with NODE_ENV=production refuses default
 * or missing secrets, seeds and serves no demo (no admin@settle.local with the README password, no
 * demo tenant, no /demo/shop, no sandboxes, no introspection, no open /metrics), sends security
 * headers, and believes no X-Forwarded-For from a proxy it was not told to trust: login limits and
 * the audit log see the connection's address.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCreateAdmin } from '../../backend/src/platform/admin/create-admin-cli.js';
import { DEMO_TENANT_ID, PLATFORM_ADMIN_EMAIL } from '../../backend/src/platform/database/seed.js';
import { runPrivilegedStep } from '../../backend/src/provision.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { sql } from '../support/database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const METRICS_TOKEN = randomBytes(32).toString('hex');
const LOGIN_LIMIT_PER_IP = 8;
const ATTEMPTS = 15;
const LOG_IN = 'mutation LogIn($input: LogInInput!) { logIn(input: $input) { accessToken me { isPlatformAdmin } } }';
const SIGN_UP = 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { accessToken } }';

/** A production environment that starts: generated secrets, nothing else turned on. */
function productionEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    SETTLE_MASTER_KEY: randomBytes(32).toString('base64'),
    METRICS_TOKEN,
    // Small, so that the test reaches it with few (slow, argon2) password checks.
    LOGIN_MAX_ATTEMPTS_PER_IP: String(LOGIN_LIMIT_PER_IP),
    // The test app's own allowance for local alert receivers is a development setting.
    ALERT_WEBHOOK_ALLOW_PRIVATE: 'false',
  };
}

describe('NODE_ENV=production refuses to start', () => {
  beforeAll(() => {
    const build = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const b = await import('./scripts/lib/backend-build.mjs'); process.exit(b.ensurePrismaClient({ quiet: true }) && b.ensureBackendBuilt({ quiet: true }) ? 0 : 1)"],
      { cwd: ROOT, encoding: 'utf8', timeout: 200_000 },
    );
    expect(build.status, build.stderr).toBe(0);
  }, 220_000);

  /** The serving process as docker compose's `app` service runs it, with `env` only. */
  function serve(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const base: Record<string, string> = { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATA_DIR: '/nonexistent/settle', NO_COLOR: '1' };
    const child = spawn(process.execPath, ['backend/dist/serve.js'], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
  }

  // Every rule has its unit test (platform/config/production-posture.spec.ts); these two show that
  // the real process applies them before it opens or seeds anything.
  it('exits 1 with one line naming a missing secret or the README demo password', { timeout: 60_000 }, async () => {
    const secrets = { SETTLE_JWT_SECRET: randomBytes(36).toString('base64url'), SETTLE_MASTER_KEY: randomBytes(32).toString('base64') };
    const [noSecret, demoPassword] = await Promise.all([serve({}), serve({ ...secrets, SEED: 'on' })]);
    for (const [run, message] of [
      [noSecret, 'SETTLE_JWT_SECRET is required when NODE_ENV=production'],
      [demoPassword, 'DEMO_PASSWORD is required with SEED=on when NODE_ENV=production'],
    ] as const) {
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(`Settle could not start: Invalid configuration: ${message}`);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
  });
});

describe('NODE_ENV=production, started', () => {
  let t: TestApp;
  /** Login attempts from this test (127.0.0.1) before the limit test: they spend the same per-IP budget. */
  let loginsSoFar = 0;
  beforeAll(async () => {
    t = await startTestApp(productionEnv());
    // What the start step does before the serving process starts (npm start, compose's `migrate`).
    await runPrivilegedStep(t.config, {
      adminDatabaseUrl: t.db.adminUrl,
      appDatabaseUrl: t.db.appUrl,
      sandboxDatabaseUrl: t.db.sandboxUrl,
      redisUrl: '',
      stop: async () => undefined,
    });
  }, 60_000);
  afterAll(() => t?.close());

  it('has the demo, the seed and the sandboxes off', () => {
    expect(t.config).toMatchObject({ NODE_ENV: 'production', SEED: 'off', SANDBOXES: 'off', DEMO: 'off', trustedProxies: [] });
  });

  it('seeds no user, no platform admin and no demo tenant', async () => {
    expect(await sql(t.db.adminUrl, 'SELECT email FROM users')).toEqual([]);
    expect(await sql(t.db.adminUrl, 'SELECT id FROM tenants WHERE id = $1', [DEMO_TENANT_ID])).toEqual([]);
    const login = await t.gql(LOG_IN, { input: { email: PLATFORM_ADMIN_EMAIL, password: 'settle-demo-2026' } });
    loginsSoFar += 1;
    expect(login.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves no /demo/shop and no sandbox', async () => {
    expect((await t.http.get('/demo/shop')).status).toBe(404);
    expect((await t.http.post('/sandbox/paytrace/v1/ping')).status).toBe(404);
    expect((await t.http.post('/sandbox/paytrace/oauth/token').send({ grant_type: 'password' })).status).toBe(404);
  });

  it('refuses introspection', async () => {
    const response = await t.gql('query { __schema { types { name } } }');
    expect(response.body.data?.__schema).toBeUndefined();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('serves /metrics only to the METRICS_TOKEN bearer', async () => {
    const open = await t.http.get('/metrics');
    expect(open.status).toBe(401);
    expect(open.text).not.toContain('settle_http_request_duration_seconds');
    expect((await t.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN.slice(0, -1)}x`)).status).toBe(401);
    const scraped = await t.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('settle_http_request_duration_seconds');
  });

  it('sends the security headers, and HSTS only over TLS', async () => {
    // An X-Forwarded-Proto from an untrusted sender is no TLS.
    const page = await t.http.get('/').set('accept', 'text/html').set('x-forwarded-proto', 'https');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['strict-transport-security']).toBeUndefined();
    const api = await t.gql('query { __typename }');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });

  it('makes the first platform admin with `admin:create`, storing only a hash of the password read from stdin', async () => {
    const password = `${randomBytes(12).toString('base64url')}\n`;
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(`ERR ${line}`) };
    const env = { DATABASE_URL: t.db.adminUrl };
    expect(await runCreateAdmin(['--email', 'Ops@Posture.test'], env, async () => password, io), lines.join('\n')).toBe(0);
    const [row] = await sql<{ password_hash: string; is_platform_admin: boolean }>(t.db.adminUrl, "SELECT password_hash, is_platform_admin FROM users WHERE email = 'ops@posture.test'");
    expect(row.is_platform_admin).toBe(true);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(password.trim());

    const login = await t.gql(LOG_IN, { input: { email: 'ops@posture.test', password: password.trim() } });
    loginsSoFar += 1;
    expect(login.body.errors).toBeUndefined();
    expect(login.body.data.logIn.me.isPlatformAdmin).toBe(true);

    // Run again (or for an existing email): refused, nothing overwritten.
    expect(await runCreateAdmin(['--email', 'ops@posture.test'], env, async () => 'another-password-1', io)).toBe(1);
    expect(lines.at(-1)).toBe('ERR admin:create: a user ops@posture.test exists already: choose another email');
    expect(await runCreateAdmin(['--email', 'x@posture.test'], {}, async () => 'another-password-1', io)).toBe(1);
    expect(lines.at(-1)).toMatch(/^ERR admin:create: DATABASE_URL is required/);
  });

  it('ignores X-Forwarded-For: the per-IP login limit holds and the audit log records the real address', { timeout: 60_000 }, async () => {
    const password = randomBytes(12).toString('base64url');
    const signUp = await t.gql(SIGN_UP, { input: { companyName: 'Posture Co', email: 'owner@posture.test', password } });
    expect(signUp.body.errors).toBeUndefined();
    const login = await t.gql(LOG_IN, { input: { email: 'owner@posture.test', password } }, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    loginsSoFar += 1;
    expect(login.body.errors).toBeUndefined();
    const [entry] = await sql<{ ip: string | null; details: { ip?: string } }>(t.db.adminUrl, "SELECT ip, details FROM audit_log WHERE action = 'user.logged_in'");
    expect(entry.details.ip).toBe('127.0.0.1');
    expect(entry.ip).not.toBe('203.0.113.7');

    // Wrong logins, each with a new email and a new X-Forwarded-For (the probe sent 40 with a 30 limit):
    // all come from 127.0.0.1.
    const codes: unknown[] = [];
    for (let i = 0; i < ATTEMPTS; i += 1) {
      const attempt = await t.gql(LOG_IN, { input: { email: `nobody-${i}@posture.test`, password: 'wrong-password-1' } }, { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
      codes.push(attempt.body.errors?.[0]?.extensions?.code);
    }
    const throttled = codes.filter((code) => code === 'TOO_MANY_REQUESTS').length;
    // LOGIN_MAX_ATTEMPTS_PER_IP for 127.0.0.1, whatever the header says; the logins above spent some.
    const admitted = LOGIN_LIMIT_PER_IP - loginsSoFar;
    expect(admitted).toBeGreaterThan(0);
    expect(codes.slice(0, admitted).every((code) => code === 'UNAUTHENTICATED')).toBe(true);
    expect(throttled).toBe(ATTEMPTS - admitted);
    const failures = await sql<{ ip: string }>(t.db.adminUrl, "SELECT details->>'ip' AS ip FROM audit_log WHERE action = 'user.login_failed' AND details->>'email' LIKE 'nobody-%'");
    expect(failures.length).toBe(admitted);
    expect(new Set(failures.map((row) => row.ip))).toEqual(new Set(['127.0.0.1']));
  });

});

describe('TRUST_PROXY names the proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The test talks to the app over 127.0.0.1: here that address is the reverse proxy.
    t = await startTestApp({ ...productionEnv(), TRUST_PROXY: '127.0.0.1' });
  }, 60_000);
  afterAll(() => t?.close());

  it("believes that proxy's X-Forwarded-For and X-Forwarded-Proto: the audit log has the client's address, HSTS is sent on https", async () => {
    const password = randomBytes(12).toString('base64url');
    const signUp = await t.gql(SIGN_UP, { input: { companyName: 'Proxied Co', email: 'owner@proxied.test', password } });
    expect(signUp.body.errors).toBeUndefined();
    const login = await t.gql(LOG_IN, { input: { email: 'owner@proxied.test', password } }, { headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' } });
    expect(login.body.errors).toBeUndefined();
    expect(login.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const [entry] = await sql<{ details: { ip?: string } }>(t.db.adminUrl, "SELECT details FROM audit_log WHERE action = 'user.logged_in'");
    expect(entry.details.ip).toBe('203.0.113.7');
    expect((await t.http.get('/healthz')).headers['strict-transport-security']).toBeUndefined();
  });
});
