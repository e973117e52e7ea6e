/**
 * The whole authentication story over HTTP, as a client sees it: sign-up, passport-local logIn, the
 * rotating `settle_refresh` cookie (a reused cookie revokes its family, access tokens included),
 * logOut, input errors naming their field, login rate limits, API keys and their scopes, and what the
 * server must never hand out or keep (stack traces, plain secrets).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type GqlOptions, type GqlResponse, type TestApp } from '../support/app.js';
import { sql } from '../support/database.js';

const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { accessToken expiresAt me { user { id email } tenant { id name } role } }
}`;
const LOG_IN = `mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { accessToken me { user { id email } tenant { id } role } }
}`;
const ME = 'query Me { me { user { id email } tenant { id } role isPlatformAdmin } }';
const REFRESH = 'mutation Refresh { refresh { accessToken me { user { email } tenant { id } } } }';
const LOG_OUT = 'mutation LogOut { logOut }';
const TENANT = 'query Tenant { tenant { id name } }';
const UPDATE_TENANT = 'mutation UpdateTenant($name: String!) { updateTenant(input: { name: $name }) { id name } }';
const CREATE_KEY = `mutation CreateKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name prefix scopes lastUsedAt revokedAt } }
}`;
const API_KEYS = 'query ApiKeys($after: String) { apiKeys(after: $after) { nodes { id name prefix scopes lastUsedAt revokedAt } pageInfo { endCursor hasNextPage } } }';
const REVOKE_KEY = 'mutation RevokeKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }';

const PASSWORD = 'correct-horse-battery';

type GqlError = NonNullable<GqlResponse['body']['errors']>[number];

/** Every error any request of this file received, to prove none of them carries a stack trace. */
const seenErrors: GqlError[] = [];
/** Every secret handed to or by the server in this file: none may be stored in plain text. */
const secrets = new Set<string>();

async function call(t: TestApp, query: string, variables?: Record<string, unknown>, options?: GqlOptions): Promise<GqlResponse> {
  const response = await t.gql(query, variables, options);
  seenErrors.push(...(response.body.errors ?? []));
  return response;
}

function data<T = any>(response: GqlResponse): T {
  expect(response.body.errors, `unexpected errors: ${JSON.stringify(response.body.errors)}`).toBeUndefined();
  return response.body.data as T;
}

/** The first error's code and extensions, after checking there is one. */
function errorOf(response: GqlResponse): GqlError & { code: unknown } {
  expect(response.body.errors?.length, `expected an error, got ${JSON.stringify(response.body)}`).toBeGreaterThan(0);
  const error = response.body.errors![0];
  return { ...error, code: error.extensions?.code };
}

/** The `settle_refresh` cookie a response sets: its value and its full Set-Cookie line. */
function refreshCookieOf(response: GqlResponse): { cookie: string; value: string; line: string } {
  const header = response.headers['set-cookie'];
  const lines = Array.isArray(header) ? header : header ? [header] : [];
  const line = lines.find((l) => l.startsWith('settle_refresh='));
  expect(line, `no settle_refresh cookie in ${JSON.stringify(lines)}`).toBeDefined();
  const value = line!.split(';')[0].slice('settle_refresh='.length);
  if (value) secrets.add(value);
  return { cookie: `settle_refresh=${value}`, value, line: line! };
}

let emailCounter = 0;
// A letter between the counter and the clock: joined by a dash they made one run of digits, which the
// card-number scan read as a card number one run in ten or so.
const newEmail = (label: string) => `${label}-${Date.now()}n${++emailCounter}@auth-flow.test`;

async function signUp(t: TestApp, email = newEmail('owner'), password = PASSWORD) {
  secrets.add(password);
  const response = await call(t, SIGN_UP, { input: { companyName: `Company of ${email}`, email, password, name: 'Owner' } });
  const payload = data(response).signUp;
  return { email, password, token: payload.accessToken as string, tenantId: payload.me.tenant.id as string, userId: payload.me.user.id as string, response };
}

async function logIn(t: TestApp, email: string, password: string) {
  secrets.add(password);
  return call(t, LOG_IN, { input: { email, password } });
}

describe('authentication flow', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    // No grace period for a spent refresh token: a replay here is a reuse at once (the grace period
    // for two tabs refreshing together is test/auth/hostile-auth.e2e.spec.ts's).
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_EMAIL: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '1000', REFRESH_REUSE_GRACE_SECONDS: '0' });
    owner = await signUp(t);
  });
  afterAll(() => t?.close());

  describe('sessions', () => {
    it('signs up a tenant owner, with an httpOnly SameSite=Strict refresh cookie', () => {
      const payload = owner.response.body.data.signUp;
      expect(payload.me).toMatchObject({ user: { email: owner.email }, role: 'owner', tenant: { id: expect.any(String) } });
      expect(new Date(payload.expiresAt).getTime()).toBeGreaterThan(Date.now());
      const { line } = refreshCookieOf(owner.response);
      expect(line).toMatch(/;\s*HttpOnly/i);
      expect(line).toMatch(/;\s*SameSite=Strict/i);
      expect(line).toMatch(/;\s*Path=\//i);
    });

    it('logs in with email and password (case-insensitive email), then reads me', async () => {
      const login = await logIn(t, owner.email.toUpperCase(), owner.password);
      const { accessToken, me } = data(login).logIn;
      expect(me).toMatchObject({ user: { id: owner.userId, email: owner.email }, tenant: { id: owner.tenantId }, role: 'owner' });
      refreshCookieOf(login);
      const read = data(await call(t, ME, undefined, { token: accessToken })).me;
      expect(read).toEqual({ user: { id: owner.userId, email: owner.email }, tenant: { id: owner.tenantId }, role: 'owner', isPlatformAdmin: false });
    });

    it('refuses me without a token, or with a forged one', async () => {
      expect(errorOf(await call(t, ME)).code).toBe('UNAUTHENTICATED');
      expect(errorOf(await call(t, ME, undefined, { token: 'not.a.jwt' })).code).toBe('UNAUTHENTICATED');
      const [header, payload] = owner.token.split('.');
      expect(errorOf(await call(t, ME, undefined, { token: `${header}.${payload}.forged-signature` })).code).toBe('UNAUTHENTICATED');
    });

    it('refresh rotates the cookie; replaying a spent cookie revokes the whole family, access tokens included', async () => {
      const login = await logIn(t, owner.email, owner.password);
      const first = refreshCookieOf(login);
      const firstToken = data(login).logIn.accessToken as string;

      const refreshed = await call(t, REFRESH, undefined, { cookie: first.cookie });
      const { accessToken: secondToken, me } = data(refreshed).refresh;
      expect(me).toEqual({ user: { email: owner.email }, tenant: { id: owner.tenantId } });
      const second = refreshCookieOf(refreshed);
      expect(second.value).not.toBe(first.value);
      expect(data(await call(t, ME, undefined, { token: secondToken })).me.user.email).toBe(owner.email);

      // The spent cookie comes back (stolen): refused, and the family is revoked.
      expect(errorOf(await call(t, REFRESH, undefined, { cookie: first.cookie })).code).toBe('UNAUTHENTICATED');
      expect(errorOf(await call(t, ME, undefined, { token: secondToken })).code).toBe('UNAUTHENTICATED');
      expect(errorOf(await call(t, ME, undefined, { token: firstToken })).code).toBe('UNAUTHENTICATED');
      expect(errorOf(await call(t, REFRESH, undefined, { cookie: second.cookie })).code).toBe('UNAUTHENTICATED');

      // Other logins of the same user are other families and keep working.
      expect(data(await call(t, ME, undefined, { token: owner.token })).me.user.email).toBe(owner.email);
      const [reuse] = await sql<{ n: number }>(
        t.db.adminUrl,
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'session.reuse_detected' AND actor_user_id = $1",
        [owner.userId],
      );
      expect(reuse.n).toBe(1);
    });

    it('refresh without a cookie, or with an unknown one, is UNAUTHENTICATED', async () => {
      expect(errorOf(await call(t, REFRESH)).code).toBe('UNAUTHENTICATED');
      expect(errorOf(await call(t, REFRESH, undefined, { cookie: 'settle_refresh=made-up' })).code).toBe('UNAUTHENTICATED');
    });

    it('logOut revokes the login: its access token and its cookie stop working, and the cookie is cleared', async () => {
      const login = await logIn(t, owner.email, owner.password);
      const { cookie } = refreshCookieOf(login);
      const token = data(login).logIn.accessToken as string;
      const out = await call(t, LOG_OUT, undefined, { token });
      expect(data(out).logOut).toBe(true);
      const cleared = refreshCookieOf(out);
      expect(cleared.value).toBe('');
      expect(errorOf(await call(t, ME, undefined, { token })).code).toBe('UNAUTHENTICATED');
      expect(errorOf(await call(t, REFRESH, undefined, { cookie })).code).toBe('UNAUTHENTICATED');
      expect(errorOf(await call(t, LOG_OUT)).code).toBe('UNAUTHENTICATED');
    });
  });

  describe('sign-up input', () => {
    const attempt = (input: Record<string, unknown>) =>
      call(t, SIGN_UP, { input: { companyName: 'Acme', email: newEmail('input'), password: PASSWORD, ...input } });

    it.each([
      ['a malformed email', { email: 'not-an-email' }, 'email'],
      ['a short password', { password: 'short' }, 'password'],
      ['an empty company name', { companyName: '   ' }, 'companyName'],
    ])('rejects %s as BAD_USER_INPUT naming the field', async (_label, input, field) => {
      const error = errorOf(await attempt(input));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.field).toBe(field);
    });

    it('rejects an email that is already registered (in any case) as BAD_USER_INPUT naming email', async () => {
      const error = errorOf(await attempt({ email: owner.email.toUpperCase() }));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'email' } });
      const [users] = await sql<{ n: number }>(t.db.adminUrl, 'SELECT count(*)::int AS n FROM users WHERE email = $1', [owner.email]);
      expect(users.n).toBe(1);
    });
  });

  describe('failed logins', () => {
    it('a wrong password is UNAUTHENTICATED, the same answer as an unknown email, and is audited', async () => {
      const wrong = errorOf(await logIn(t, owner.email, 'wrong-password-1'));
      const unknown = errorOf(await logIn(t, newEmail('nobody'), 'wrong-password-1'));
      expect(wrong.code).toBe('UNAUTHENTICATED');
      expect(unknown.code).toBe('UNAUTHENTICATED');
      expect(unknown.message).toBe(wrong.message);

      const rows = await sql<{ tenant_id: string; actor_user_id: string; details: { email: string; ip: string } }>(
        t.db.adminUrl,
        "SELECT tenant_id, actor_user_id, details FROM audit_log WHERE action = 'user.login_failed' AND details->>'email' = $1",
        [owner.email],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ tenant_id: owner.tenantId, actor_user_id: owner.userId, details: { email: owner.email } });
      // ...and the tenant's admins can read it in their audit log.
      const log = data(await call(t, 'query { auditLog(action: "user.login_failed") { nodes { action actorEmail } } }', undefined, { token: owner.token }));
      expect(log.auditLog.nodes).toEqual([{ action: 'user.login_failed', actorEmail: owner.email }]);
    });

    it('after LOGIN_MAX_ATTEMPTS_PER_EMAIL (3) failures the next attempt is TOO_MANY_REQUESTS, even with the right password', async () => {
      const victim = await signUp(t, newEmail('victim'));
      for (let i = 1; i <= 3; i++) expect(errorOf(await logIn(t, victim.email, `wrong-password-${i}`)).code, `failure ${i}`).toBe('UNAUTHENTICATED');
      const blocked = errorOf(await logIn(t, victim.email, victim.password));
      expect(blocked.code).toBe('TOO_MANY_REQUESTS');
      expect(blocked.extensions?.retryAfterSeconds).toEqual(expect.any(Number));
      expect(blocked.extensions?.retryAfterSeconds as number).toBeGreaterThan(0);
      // Only that email is blocked: another account logs in from the same address.
      expect(data(await logIn(t, owner.email, owner.password)).logIn.me.user.email).toBe(owner.email);
    });
  });

  describe('API keys', () => {
    let readKey: { id: string; prefix: string; secret: string };
    let adminKey: { id: string; prefix: string; secret: string };

    async function createKey(name: string, scopes: string[]) {
      const created = data(await call(t, CREATE_KEY, { input: { name, scopes } }, { token: owner.token })).createApiKey;
      secrets.add(created.secret);
      return created;
    }

    it('creates a key whose secret is shown once, in the create response only', async () => {
      const created = await createKey('read-only script', ['read']);
      const match = /^stl_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/.exec(created.secret);
      expect(match, created.secret).not.toBeNull();
      secrets.add(match![2]);
      expect(created.apiKey).toMatchObject({ name: 'read-only script', prefix: match![1], scopes: ['read'], lastUsedAt: null, revokedAt: null });
      readKey = { id: created.apiKey.id, prefix: created.apiKey.prefix, secret: created.secret };
      const admin = await createKey('admin script', ['admin']);
      secrets.add(admin.secret.split('_').slice(2).join('_'));
      adminKey = { id: admin.apiKey.id, prefix: admin.apiKey.prefix, secret: admin.secret };

      const listed = await call(t, API_KEYS, undefined, { token: owner.token });
      expect(data(listed).apiKeys.nodes.map((k: { prefix: string }) => k.prefix).sort()).toEqual([readKey.prefix, adminKey.prefix].sort());
      const body = JSON.stringify(listed.body);
      expect(body).not.toContain(readKey.secret.slice(15));
      expect(body).not.toContain(adminKey.secret.slice(15));
      // The type cannot even be asked for it.
      const fields = data(await call(t, '{ __type(name: "ApiKey") { fields { name } } }')).__type.fields.map((f: { name: string }) => f.name);
      expect(fields).toContain('prefix');
      expect(fields.filter((name: string) => /secret|hash|key$/i.test(name))).toEqual([]);
      expect(errorOf(await call(t, 'query { apiKeys { nodes { secret } } }', undefined, { token: owner.token })).code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('a read key can read its tenant but not change it', async () => {
      expect(data(await call(t, TENANT, undefined, { token: readKey.secret })).tenant.id).toBe(owner.tenantId);
      expect(errorOf(await call(t, UPDATE_TENANT, { name: 'Hijacked' }, { token: readKey.secret })).code).toBe('FORBIDDEN');
      expect(errorOf(await call(t, API_KEYS, undefined, { token: readKey.secret })).code).toBe('FORBIDDEN');
      expect(errorOf(await call(t, ME, undefined, { token: readKey.secret })).code).toBe('FORBIDDEN');
    });

    it('an admin key can change the tenant, but cannot mint more keys', async () => {
      const updated = data(await call(t, UPDATE_TENANT, { name: 'Renamed by key' }, { token: adminKey.secret })).updateTenant;
      expect(updated).toEqual({ id: owner.tenantId, name: 'Renamed by key' });
      expect(errorOf(await call(t, CREATE_KEY, { input: { name: 'child', scopes: ['admin'] } }, { token: adminKey.secret })).code).toBe('FORBIDDEN');
    });

    it('records when a key was last used', async () => {
      const keys = data(await call(t, API_KEYS, undefined, { token: owner.token })).apiKeys.nodes as { id: string; lastUsedAt: string | null }[];
      const used = keys.find((k) => k.id === readKey.id)!;
      expect(used.lastUsedAt).not.toBeNull();
      expect(Date.now() - new Date(used.lastUsedAt!).getTime()).toBeLessThan(60_000);
    });

    it('a wrong, malformed or revoked key is UNAUTHENTICATED', async () => {
      const wrongSecret = `stl_${readKey.prefix}_${'A'.repeat(43)}`;
      expect(errorOf(await call(t, TENANT, undefined, { token: wrongSecret })).code).toBe('UNAUTHENTICATED');
      expect(errorOf(await call(t, TENANT, undefined, { token: `stl_zzzzzzzzzz_${readKey.secret.slice(15)}` })).code).toBe('UNAUTHENTICATED');
      expect(errorOf(await call(t, TENANT, undefined, { token: 'stl_short' })).code).toBe('UNAUTHENTICATED');

      const revoked = data(await call(t, REVOKE_KEY, { id: readKey.id }, { token: owner.token })).revokeApiKey;
      expect(revoked.revokedAt).not.toBeNull();
      expect(errorOf(await call(t, TENANT, undefined, { token: readKey.secret })).code).toBe('UNAUTHENTICATED');
      // The other key is unaffected.
      expect(data(await call(t, TENANT, undefined, { token: adminKey.secret })).tenant.id).toBe(owner.tenantId);
    });
  });

  describe('errors', () => {
    it('an internal failure is a bare INTERNAL_SERVER_ERROR: no stack trace, no SQL or driver text', async () => {
      // The app role loses its right to add tenants for a moment: the insert fails inside Prisma,
      // past all input validation (this file's database only).
      const appRole = decodeURIComponent(new URL(t.db.appUrl).username);
      await sql(t.db.adminUrl, `REVOKE INSERT ON tenants FROM "${appRole}"`);
      try {
        const response = await call(t, SIGN_UP, { input: { companyName: 'Denied Co', email: newEmail('denied'), password: PASSWORD, name: 'Denied' } });
        const error = errorOf(response);
        expect(error).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
        expect(Object.keys(error.extensions ?? {})).toEqual(['code']);
        expect(JSON.stringify(response.body)).not.toMatch(/stack|prisma|postgres|permission|tenants|\.ts:\d|at \w+ \(/i);
      } finally {
        await sql(t.db.adminUrl, `GRANT INSERT ON tenants TO "${appRole}"`);
      }
    });

    it('a NUL character, which PostgreSQL cannot store, is BAD_USER_INPUT naming its field, in a variable or in the query', async () => {
      const inVariable = errorOf(await call(t, SIGN_UP, { input: { companyName: 'Nul\u0000Company', email: newEmail('nul'), password: PASSWORD, name: 'Nul' } }));
      expect(inVariable).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'companyName' } });
      const inQuery = errorOf(await call(t, 'mutation { updateTenant(input: { name: "Nul\\u0000Co" }) { id } }', undefined, { token: owner.token }));
      expect(inQuery).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'name' } });
      const { tenant } = (await call(t, TENANT, undefined, { token: owner.token })).body.data;
      expect(tenant.name).not.toContain('\u0000');
    });

    it('a malformed pagination cursor is BAD_USER_INPUT naming `after`', async () => {
      for (const after of ['not-a-cursor', '%%%', Buffer.from('2026-01-01T00:00:00Z').toString('base64url')]) {
        const error = errorOf(await call(t, API_KEYS, { after }, { token: owner.token }));
        expect({ after, code: error.code, field: error.extensions?.field }).toEqual({ after, code: 'BAD_USER_INPUT', field: 'after' });
      }
      const audit = errorOf(await call(t, 'query { auditLog(after: "garbage") { nodes { id } } }', undefined, { token: owner.token }));
      expect(audit).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'after' } });
    });

    it('no error of this whole file carried a stack trace', () => {
      expect(seenErrors.length).toBeGreaterThan(20);
      const leaking = seenErrors.filter((error) => {
        const extensions = (error.extensions ?? {}) as Record<string, any>;
        return 'stacktrace' in extensions || 'exception' in extensions || JSON.stringify(error).includes('    at ');
      });
      expect(leaking).toEqual([]);
    });
  });

  describe('storage', () => {
    it('the database holds no plain password, refresh token or API key secret', async () => {
      expect(secrets.size).toBeGreaterThan(8);
      const tables = await sql<{ table_name: string }>(
        t.db.adminUrl,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      );
      expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['users', 'sessions', 'api_keys']));
      const [sessions] = await sql<{ n: number }>(t.db.adminUrl, 'SELECT count(*)::int AS n FROM sessions');
      expect(sessions.n).toBeGreaterThan(5);
      const found: string[] = [];
      for (const { table_name: table } of tables) {
        const rows = await sql<{ row: string }>(t.db.adminUrl, `SELECT row_to_json(r)::text AS row FROM "${table}" r`);
        for (const { row } of rows) {
          for (const secret of secrets) if (row.includes(secret)) found.push(`${table}: ${secret.slice(0, 6)}… in ${row.slice(0, 120)}`);
        }
      }
      expect(found, 'plain secrets stored in the database').toEqual([]);
    });
  });
});

describe('login rate limit per IP address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_IP: '4' });
  });
  afterAll(() => t?.close());

  it('after LOGIN_MAX_ATTEMPTS_PER_IP (4) attempts from one address the next is TOO_MANY_REQUESTS, even with the right password', async () => {
    const user = await signUp(t, newEmail('ip'));
    // Different emails, so that the per-email limit plays no part.
    for (let i = 1; i <= 4; i++) expect(errorOf(await logIn(t, newEmail(`guess${i}`), 'wrong-password-x')).code, `attempt ${i}`).toBe('UNAUTHENTICATED');
    const blocked = errorOf(await logIn(t, user.email, user.password));
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
    expect(blocked.extensions?.retryAfterSeconds as number).toBeGreaterThan(0);
  });
});

describe('refresh cookie lifetime', () => {
  it('expires with its session, as REFRESH_TOKEN_TTL_DAYS says', async () => {
    const short = await startTestApp({ REFRESH_TOKEN_TTL_DAYS: '7' });
    try {
      const res = await short.gql('mutation { signUp(input: { companyName: "Week Co", email: "week@week.test", password: "week-password-1" }) { accessToken } }');
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('settle_refresh='));
      const expires = new Date(/Expires=([^;]+)/i.exec(cookie ?? '')?.[1] ?? '');
      const days = (expires.getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThan(7.01);
    } finally {
      await short.close();
    }
  });
});
