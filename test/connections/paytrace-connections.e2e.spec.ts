/**
 * PayTrace connections through GraphQL: one-click sandbox, production and custom accounts, secrets
 * stored only encrypted (every column of every table is scanned), notification URL rotation.
 */
import pg from 'pg';
import { PayTraceConnectionsService } from '../../backend/src/connections/paytrace/paytrace-connections.service.js';
import { TenantContext } from '../../backend/src/platform/database/tenant-context.js';
import { ChangeFeedService } from '../../backend/src/paytrace/change-feed/change-feed.service.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

const FIELDS = 'id name environment baseUrl username passwordHint integratorId timeZone notificationUrl pollIntervalSeconds changeFeed { lastPollAt lagSeconds lastError } lastTest { result }';
const PRODUCTION_PASSWORD = 'Pr0duction-PayTrace-Secret!';
const NEW_PASSWORD = 'An0ther-PayTrace-Key-77';

let t: TestApp;
let token: string;
let tenantId: string;

async function gqlOk(query: string, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

/** Every text-like value in the database, as one string to search. */
async function everythingStored(): Promise<string> {
  const client = new pg.Client({ connectionString: t.db.adminUrl });
  await client.connect();
  try {
    const tables = await client.query(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const parts: string[] = [];
    for (const { table_schema, table_name } of tables.rows) {
      const rows = await client.query(`SELECT * FROM "${table_schema}"."${table_name}"`);
      parts.push(JSON.stringify(rows.rows));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: 'https://settle.example.com' });
  const signUp = await t.gql('mutation { signUp(input: { companyName: "Keystone Parts", email: "fin@keystone.test", password: "keystone-pass-1" }) { accessToken me { tenant { id } } } }');
  token = signUp.body.data.signUp.accessToken;
  tenantId = signUp.body.data.signUp.me.tenant.id;
});

afterAll(() => t?.close());

describe('PayTrace connections', () => {
  it('creates a built-in sandbox connection in one click', async () => {
    const { createPayTraceConnection: c } = await gqlOk(`mutation { createPayTraceConnection(input: { environment: sandbox }) { ${FIELDS} } }`);
    expect(c).toMatchObject({ name: 'PayTrace sandbox', environment: 'sandbox', timeZone: 'America/Los_Angeles', pollIntervalSeconds: 30 });
    expect(c.baseUrl).toBe('https://settle.example.com/sandbox/paytrace');
    expect(c.username).toMatch(/^sandbox-/);
    expect(c.passwordHint).toMatch(/^•+/);
    expect(c.notificationUrl).toMatch(/^https:\/\/settle\.example\.com\/notifications\/paytrace\/[A-Za-z0-9_-]{32}$/);
    expect(c.changeFeed).toEqual({ lastPollAt: null, lagSeconds: null, lastError: null });
  });

  it('creates the sandbox merchant in the time zone asked for', async () => {
    const { createPayTraceConnection: c } = await gqlOk('mutation { createPayTraceConnection(input: { environment: sandbox, timeZone: "America/Chicago" }) { id username timeZone } }');
    const client = new pg.Client({ connectionString: t.db.adminUrl });
    await client.connect();
    const merchant = await client.query('SELECT time_zone FROM paytrace_sandbox.merchants WHERE api_username = $1', [c.username]);
    await client.end();
    expect(c.timeZone).toBe('America/Chicago');
    expect(merchant.rows[0].time_zone).toBe('America/Chicago');
  });

  it('names the missing or wrong field of a production or custom account', async () => {
    const missing = await t.gql('mutation { createPayTraceConnection(input: { environment: production, username: "u", integratorId: "i" }) { id } }', {}, { token });
    expect(missing.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    const badUrl = await t.gql(
      'mutation { createPayTraceConnection(input: { environment: custom, baseUrl: "ftp://pt", username: "u", password: "p", integratorId: "i" }) { id } }',
      {},
      { token },
    );
    expect(badUrl.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'baseUrl' });
    const badZone = await t.gql('mutation { createPayTraceConnection(input: { environment: sandbox, timeZone: "Pacific/Nowhere" }) { id } }', {}, { token });
    expect(badZone.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timeZone' });
  });

  it('keeps production passwords only encrypted, shows a hint, and replaces them on update', async () => {
    const { createPayTraceConnection: c } = await gqlOk(
      `mutation($p: String!) { createPayTraceConnection(input: { environment: production, name: "Live", username: "api-user", password: $p, integratorId: "9876ABCD", timeZone: "America/Chicago" }) { ${FIELDS} } }`,
      { p: PRODUCTION_PASSWORD },
    );
    // The harness points "production" at a closed local port (PAYTRACE_PRODUCTION_URL): tests never go out.
    expect(c).toMatchObject({ baseUrl: 'http://127.0.0.1:9', username: 'api-user', timeZone: 'America/Chicago' });
    expect(c.passwordHint).toMatch(/^•+ret!$/);
    expect(c.passwordHint).not.toContain(PRODUCTION_PASSWORD.slice(0, 6));

    const { updatePayTraceConnection: u } = await gqlOk(
      `mutation($id: ID!, $p: String!) { updatePayTraceConnection(id: $id, input: { password: $p, pollIntervalSeconds: 60 }) { ${FIELDS} } }`,
      { id: c.id, p: NEW_PASSWORD },
    );
    expect(u.pollIntervalSeconds).toBe(60);
    expect(u.passwordHint).toMatch(/^•+y-77$/);

    const stored = await everythingStored();
    expect(stored).not.toContain(PRODUCTION_PASSWORD);
    expect(stored).not.toContain(NEW_PASSWORD);
    const responses = JSON.stringify(await gqlOk(`{ payTraceConnections { nodes { ${FIELDS} } } }`));
    expect(responses).not.toContain(NEW_PASSWORD);
  });

  it('refuses to change what the environment decides', async () => {
    const { createPayTraceConnection: c } = await gqlOk('mutation { createPayTraceConnection(input: { environment: sandbox }) { id } }');
    const res = await t.gql('mutation($id: ID!) { updatePayTraceConnection(id: $id, input: { baseUrl: "https://elsewhere.test" }) { id } }', { id: c.id }, { token });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'baseUrl' });
  });

  it('rotates the notification URL and deletes connections', async () => {
    const { createPayTraceConnection: c } = await gqlOk('mutation { createPayTraceConnection(input: { environment: sandbox, name: "Rotating" }) { id notificationUrl } }');
    const { rotatePayTraceNotificationUrl: r } = await gqlOk('mutation($id: ID!) { rotatePayTraceNotificationUrl(id: $id) { notificationUrl } }', { id: c.id });
    expect(r.notificationUrl).not.toBe(c.notificationUrl);

    expect((await gqlOk('mutation($id: ID!) { deletePayTraceConnection(id: $id) }', { id: c.id })).deletePayTraceConnection).toBe(true);
    const gone = await t.gql('query($id: ID!) { payTraceConnection(id: $id) { id } }', { id: c.id }, { token });
    expect(gone.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // A poll queued before the deletion finds nothing to do, rather than failing.
    await expect(t.app.get(ChangeFeedService).poll(tenantId, c.id)).resolves.toEqual({ read: 0, changes: 0, lookedUp: 0 });
    const bad = await t.gql('query { payTraceConnection(id: "not-a-uuid") { id } }', {}, { token });
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('tests a connection within 10 s and tells bad credentials and unreachable hosts apart', async () => {
    const test = async (id: string) => (await gqlOk('mutation($id: ID!) { testPayTraceConnection(id: $id) { status message durationMs } }', { id })).testPayTraceConnection;
    const { createPayTraceConnection: sandbox } = await gqlOk('mutation { createPayTraceConnection(input: { environment: sandbox, name: "Tested" }) { id username } }');
    expect(await test(sandbox.id)).toMatchObject({ status: 'ok' });

    // The same sandbox merchant reached as a custom environment, with a password that changes.
    const credentials = await TenantContext.run({ tenantId }, () => t.app.get(PayTraceConnectionsService).credentials(sandbox.id));
    const { createPayTraceConnection: custom } = await gqlOk(
      'mutation($u: String!, $p: String!, $b: String!, $i: String!) { createPayTraceConnection(input: { environment: custom, baseUrl: $b, username: $u, password: $p, integratorId: $i }) { id } }',
      { u: credentials.username, p: credentials.password, b: credentials.baseUrl, i: credentials.integratorId },
    );
    expect(await test(custom.id)).toMatchObject({ status: 'ok' });
    await gqlOk('mutation($id: ID!) { updatePayTraceConnection(id: $id, input: { password: "not-the-password" }) { id } }', { id: custom.id });
    expect(await test(custom.id)).toMatchObject({ status: 'bad_credentials' });

    const { createPayTraceConnection: nowhere } = await gqlOk(
      'mutation { createPayTraceConnection(input: { environment: custom, baseUrl: "http://127.0.0.1:9", username: "u", password: "p", integratorId: "i" }) { id } }',
    );
    const unreachable = await test(nowhere.id);
    expect(unreachable.status).toBe('unreachable');
    expect(unreachable.durationMs).toBeLessThan(10_000);
    const { payTraceConnection } = await gqlOk('query($id: ID!) { payTraceConnection(id: $id) { lastTest { result } } }', { id: nowhere.id });
    expect(payTraceConnection.lastTest.result).toBe('unreachable');
  });

  it('records every change in the audit log', async () => {
    const { auditLog } = await gqlOk('{ auditLog(first: 100) { nodes { action } } }');
    const actions = auditLog.nodes.map((n: { action: string }) => n.action);
    for (const action of ['connection.created', 'connection.updated', 'connection.notification_url_rotated', 'connection.deleted']) {
      expect(actions).toContain(action);
    }
  });
});
