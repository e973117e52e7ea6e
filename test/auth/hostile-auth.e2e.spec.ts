/**
 * Authentication against a hostile or merely unlucky client: two tabs refreshing with the same
 * cookie at once used to log the user out (the winner's family revoked as reuse); sign-up had no
 * rate limit; and a token signed with the right key was trusted without `exp`, for a session family
 * that does not exist, and with `adm: true` taken from the token instead of the database.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type GqlResponse, type TestApp } from '../support/app.js';
import { sql } from '../support/database.js';

const SIGN_UP = 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { user { id } tenant { id } } } }';
const SIGN_UP_PARTNER = 'mutation($i: SignUpPartnerInput!) { signUpPartner(input: $i) { accessToken } }';
const LOG_IN = 'mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }';
const REFRESH = 'mutation { refresh { accessToken } }';
const ME = '{ me { user { id } tenant { id } isPlatformAdmin } }';
const PASSWORD = 'hostile-auth-pass-1';
const SIGN_UPS_PER_IP = 4;

let t: TestApp;
let owner: { email: string; userId: string; tenantId: string };
let counter = 0;
const newEmail = () => `user-${Date.now()}n${++counter}@hostile-auth.test`;

const cookieOf = (response: GqlResponse) => {
  const lines = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const line = lines.find((l) => l.startsWith('settle_refresh='));
  expect(line, JSON.stringify(response.body)).toBeDefined();
  return line!.split(';')[0];
};
const ok = (response: GqlResponse) => {
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data;
};
const codeOf = (response: GqlResponse) => response.body.errors?.[0]?.extensions?.code;

async function logIn() {
  const response = await t.gql(LOG_IN, { i: { email: owner.email, password: PASSWORD } });
  return { accessToken: ok(response).logIn.accessToken as string, cookie: cookieOf(response) };
}

/** An HS256 JWT with exactly these claims, signed with the app's own key (as if the key had leaked, or a bug signed it). */
function signed(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${body}.${createHmac('sha256', t.config.jwtSecret).update(body).digest('base64url')}`;
}
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

beforeAll(async () => {
  t = await startTestApp({ SIGNUP_MAX_PER_IP: String(SIGN_UPS_PER_IP), LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });
  const email = newEmail();
  const data = ok(await t.gql(SIGN_UP, { i: { companyName: 'Hostile Auth Co', email, password: PASSWORD } }));
  owner = { email, userId: data.signUp.me.user.id, tenantId: data.signUp.me.tenant.id };
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('two tabs refreshing with the same cookie at once', () => {
  it('both succeed with the same new cookie, and the user stays logged in', async () => {
    const { cookie } = await logIn();
    const [a, b] = await Promise.all([t.gql(REFRESH, undefined, { cookie }), t.gql(REFRESH, undefined, { cookie })]);
    const tokens = [ok(a).refresh.accessToken, ok(b).refresh.accessToken] as string[];
    expect(cookieOf(a)).toBe(cookieOf(b));
    expect(cookieOf(a)).not.toBe(cookie);
    for (const token of tokens) expect(ok(await t.gql(ME, undefined, { token })).me.user.id).toBe(owner.userId);
    const later = await t.gql(REFRESH, undefined, { cookie: cookieOf(a) });
    expect(ok(later).refresh.accessToken).toEqual(expect.any(String));
    for (const token of tokens) expect(ok(await t.gql(ME, undefined, { token })).me.user.id).toBe(owner.userId);
    const [reuse] = await sql<{ n: number }>(t.db.adminUrl, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'session.reuse_detected' AND actor_user_id = $1", [owner.userId]);
    expect(reuse.n).toBe(0);
  });

  it('a spent cookie replayed after the grace period still revokes the whole login', async () => {
    const { cookie } = await logIn();
    const refreshed = await t.gql(REFRESH, undefined, { cookie });
    const next = { cookie: cookieOf(refreshed), token: ok(refreshed).refresh.accessToken as string };
    const spentHash = createHash('sha256').update(cookie.slice('settle_refresh='.length)).digest('hex');
    await sql(t.db.adminUrl, "UPDATE sessions SET rotated_at = now() - interval '31 seconds' WHERE token_hash = $1", [spentHash]);

    expect(codeOf(await t.gql(REFRESH, undefined, { cookie }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(ME, undefined, { token: next.token }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(REFRESH, undefined, { cookie: next.cookie }))).toBe('UNAUTHENTICATED');
    const [reuse] = await sql<{ n: number }>(t.db.adminUrl, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'session.reuse_detected' AND actor_user_id = $1", [owner.userId]);
    expect(reuse.n).toBe(1);
  });
});

describe('sign-up', () => {
  it('is rate-limited per IP, companies and partner firms together: TOO_MANY_REQUESTS with Retry-After, nothing created', async () => {
    // The owner's sign-up was the first of this IP's budget.
    for (let i = 1; i < SIGN_UPS_PER_IP - 1; i += 1) ok(await t.gql(SIGN_UP, { i: { companyName: `Company ${i}`, email: newEmail(), password: PASSWORD } }));
    ok(await t.gql(SIGN_UP_PARTNER, { i: { partnerName: 'Partner firm', email: newEmail(), password: PASSWORD } }));
    const [before] = await sql<{ n: number }>(t.db.adminUrl, 'SELECT count(*)::int AS n FROM users');

    const refused = await t.gql(SIGN_UP, { i: { companyName: 'One too many', email: newEmail(), password: PASSWORD } });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const partner = await t.gql(SIGN_UP_PARTNER, { i: { partnerName: 'Another firm', email: newEmail(), password: PASSWORD } });
    expect(codeOf(partner)).toBe('TOO_MANY_REQUESTS');

    const [after] = await sql<{ n: number }>(t.db.adminUrl, 'SELECT count(*)::int AS n FROM users');
    expect(after.n).toBe(before.n);
    // Logging in is another budget.
    expect((await logIn()).accessToken).toEqual(expect.any(String));
  });
});

describe('access tokens signed with the right key', () => {
  it('are refused without exp, and accepted with it (the same claims otherwise)', async () => {
    const { accessToken } = await logIn();
    const { exp, iat, ...claims } = claimsOf(accessToken);
    expect(exp).toBeGreaterThan(iat);
    expect(codeOf(await t.gql(ME, undefined, { token: signed({ ...claims, iat }) }))).toBe('UNAUTHENTICATED');
    expect(ok(await t.gql(ME, undefined, { token: signed({ ...claims, iat, exp }) })).me.user.id).toBe(owner.userId);
  });

  it('are refused when they name a session family that does not exist, or one logged out', async () => {
    const { accessToken } = await logIn();
    const claims = claimsOf(accessToken);
    expect(codeOf(await t.gql(ME, undefined, { token: signed({ ...claims, fam: randomUUID() }) }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(ME, undefined, { token: signed({ ...claims, fam: 'not-a-family' }) }))).toBe('UNAUTHENTICATED');
    ok(await t.gql('mutation { logOut }', undefined, { token: accessToken }));
    expect(codeOf(await t.gql(ME, undefined, { token: accessToken }))).toBe('UNAUTHENTICATED');
  });

  it('give no platform-admin powers for adm: true when the database says the user is not one', async () => {
    const { accessToken } = await logIn();
    const forged = signed({ ...claimsOf(accessToken), adm: true });
    expect(ok(await t.gql(ME, undefined, { token: forged })).me.isPlatformAdmin).toBe(false);
    const board = await t.http.get('/admin/queues/api/queues').set('authorization', `Bearer ${forged}`);
    expect(board.status).toBe(403);

    // Made an admin in the database, the same (real) token has the power at once, and loses it again.
    await sql(t.db.adminUrl, 'UPDATE users SET is_platform_admin = true WHERE id = $1', [owner.userId]);
    expect((await t.http.get('/admin/queues/api/queues').set('authorization', `Bearer ${accessToken}`)).status).toBe(200);
    await sql(t.db.adminUrl, 'UPDATE users SET is_platform_admin = false WHERE id = $1', [owner.userId]);
    expect((await t.http.get('/admin/queues/api/queues').set('authorization', `Bearer ${accessToken}`)).status).toBe(403);
  });
});
