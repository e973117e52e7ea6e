/**
 * One tenant must not starve the others through GraphQL (issue #12, finding 3): an operation of
 * 1,000 aliases is refused by its cost before any resolver runs, 200 aliased connection tests make
 * no outbound call, a request holds one pooled connection at a time however many fields it asks,
 * and each tenant (and API key) spends its own budget, weighted by cost.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaService } from '../../backend/src/platform/database/prisma.service.js';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let payTrace: Server;
let payTraceCalls = 0;

beforeAll(async () => {
  // A stand-in PayTrace that counts the logins it receives.
  payTrace = createServer((request, response) => {
    payTraceCalls++;
    request.resume();
    response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
  });
  await new Promise<void>((resolve) => payTrace.listen(0, '127.0.0.1', resolve));
  t = await startTestApp({
    // Quiet workers: the only pooled connections taken are the requests' own.
    PIPELINE_SWEEP_MS: '60000',
    GRAPHQL_TENANT_COST_PER_WINDOW: '3000',
    GRAPHQL_API_KEY_COST_PER_WINDOW: '1000',
    GRAPHQL_RATE_WINDOW_SECONDS: '60',
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => payTrace?.close(resolve));
});

let tenants = 0;
async function signUp(): Promise<string> {
  tenants++;
  const res = await t.gql('mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }', {
    input: { companyName: `Fair ${tenants}`, email: `fair${tenants}@example.test`, password: 'correct-horse-battery', name: 'Fair' },
  });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.signUp.accessToken;
}

const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join('\n');
const errorOf = (res: GqlResponse) => res.body.errors?.[0];

function expectTooCostly(res: GqlResponse): void {
  expect(res.status).toBe(400);
  expect(errorOf(res)?.extensions?.code, JSON.stringify(res.body.errors)).toBe('QUERY_TOO_COSTLY');
  expect(res.body.data).toBeUndefined();
}

describe('the cost limit', () => {
  it('refuses 1,000 aliases of a database-backed field with QUERY_TOO_COSTLY (400), naming the cost and the limit', async () => {
    const token = await signUp();
    const tenant = await t.gql(`query { ${aliases(1_000, 'tenant { id }')} }`, undefined, { token });
    expectTooCostly(tenant);
    expect(errorOf(tenant)?.message).toMatch(/costs 10000; at most 1000 is allowed/);
    expect(errorOf(tenant)?.extensions).toMatchObject({ cost: 10_000, maxCost: 1_000 });
    // These select more fields than any operation may (the field cap), or cost too much: refused alike.
    for (const field of ['me { tenants { tenant { id } role } }', 'auditLog { nodes { id action } }']) {
      expectTooCostly(await t.gql(`query { ${aliases(1_000, field)} }`, undefined, { token }));
    }
    // What the limit allows still works.
    const allowed = await t.gql(`query { ${aliases(20, 'tenant { id }')} }`, undefined, { token });
    expect(allowed.body.errors).toBeUndefined();
    expect(Object.keys(allowed.body.data)).toHaveLength(20);
  });

  it('refuses 200 aliased testPayTraceConnection before any outbound call', async () => {
    const token = await signUp();
    const created = await t.gql(
      'mutation($b: String!) { createPayTraceConnection(input: { environment: custom, baseUrl: $b, username: "u", password: "p", integratorId: "i" }) { id } }',
      { b: `http://127.0.0.1:${(payTrace.address() as AddressInfo).port}` },
      { token },
    );
    expect(created.body.errors, JSON.stringify(created.body.errors)).toBeUndefined();
    const id = created.body.data.createPayTraceConnection.id;
    const before = payTraceCalls;
    const res = await t.gql(`mutation($id: ID!) { ${aliases(200, 'testPayTraceConnection(id: $id) { status }')} }`, { id }, { token });
    expectTooCostly(res);
    expect(payTraceCalls).toBe(before);

    // One test is within the limit and does reach PayTrace.
    const one = await t.gql('mutation($id: ID!) { testPayTraceConnection(id: $id) { status } }', { id }, { token });
    expect(one.body.errors, JSON.stringify(one.body.errors)).toBeUndefined();
    expect(payTraceCalls).toBeGreaterThan(before);
    // Its polls would use the pool while the next test counts connections.
    await t.gql('mutation($id: ID!) { deletePayTraceConnection(id: $id) }', { id }, { token });
  });
});

describe('one request, one connection', () => {
  let counting = false;
  const watched = new WeakSet<pg.PoolClient>();
  /** Calls `onBegin` for each BEGIN sent on `client` while a count runs. */
  function countBegins(client: pg.PoolClient, onBegin: () => void): void {
    if (watched.has(client)) {
      (client as unknown as { onBegin: () => void }).onBegin = onBegin;
      return;
    }
    watched.add(client);
    (client as unknown as { onBegin: () => void }).onBegin = onBegin;
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (counting && text === 'BEGIN') (client as unknown as { onBegin: () => void }).onBegin();
      return query(...args);
    }) as typeof client.query;
  }

  /**
   * The most pooled connections checked out at once while `query` is answered; the least of three
   * runs, as a worker's job may take one meanwhile.
   */
  async function peakConnections(query: string, token: string): Promise<number> {
    const peaks = [];
    for (let run = 0; run < 3; run++) peaks.push(await peakOfOneRun(query, token));
    return Math.min(...peaks);
  }

  /** Connections taken from the pool and transactions begun while `query` is answered, with the peak. */
  async function connectionsOf(query: string, token: string) {
    const { pool } = t.app.get(PrismaService);
    let checkedOut = 0;
    let peak = 0;
    let taken = 0;
    let begun = 0;
    const onAcquire = (client: pg.PoolClient) => {
      peak = Math.max(peak, ++checkedOut);
      taken++;
      countBegins(client, () => begun++);
    };
    const onRelease = () => checkedOut--;
    counting = true;
    pool.on('acquire', onAcquire);
    pool.on('release', onRelease);
    try {
      const res = await t.gql(query, undefined, { token });
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    } finally {
      counting = false;
      pool.off('acquire', onAcquire);
      pool.off('release', onRelease);
    }
    return { peak, taken, begun };
  }

  async function peakOfOneRun(query: string, token: string): Promise<number> {
    return (await connectionsOf(query, token)).peak;
  }

  it('answers a query of many database-backed fields with its transactions taking turns on one connection', async () => {
    const token = await signUp();
    // 20 fields, each authenticated (a session look-up, a role read in a transaction) and read in a
    // transaction. Before: all of the pool's 4 connections at once, and a queue behind them that
    // other tenants waited in. Now its transactions take turns on one connection, and its statements
    // outside a transaction (the session look-up) take turns of their own: two at most.
    expect(await peakConnections(`query { ${aliases(20, 'tenant { id }')} }`, token)).toBeLessThanOrEqual(2);
    expect(await peakConnections(`query { ${aliases(10, 'tenant { id }')} ${aliases(10, 'me { user { id } tenants { role } }').replace(/a(\d+):/g, 'm$1:')} }`, token)).toBeLessThanOrEqual(2);
  });

  it('answers a query of many database-backed fields in one transaction, each field in a savepoint of its own', async () => {
    const token = await signUp();
    // Before: a transaction (BEGIN … COMMIT on a connection of its own) for each of the 20 fields and
    // the role read of each field's guard. Now one; the session look-ups are single statements.
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await connectionsOf(`query { ${aliases(20, 'tenant { id name }')} }`, token));
    const least = runs.reduce((a, b) => (a.begun <= b.begun ? a : b));
    expect(least.begun).toBe(1);
    expect(least.taken).toBeLessThanOrEqual(3);
    // The shared transaction's connection went back to the pool without the request's listener on it.
    const { pool } = t.app.get(PrismaService);
    const clients = (pool as unknown as { _clients: pg.PoolClient[] })._clients;
    for (let run = 0; run < 12; run++) await connectionsOf(`query { ${aliases(2, 'tenant { id }')} }`, token);
    expect(Math.max(...clients.map((client) => client.listenerCount('error')))).toBeLessThanOrEqual(2);
  });

  it("keeps each field's tenant scope inside the shared transaction", async () => {
    const token = await signUp();
    const res = await t.gql(`query { ${aliases(5, 'tenant { id }')} me { tenants { tenant { id } role } } }`, undefined, { token });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const ids = new Set(Object.entries(res.body.data).filter(([k]) => k.startsWith('a')).map(([, v]) => (v as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(res.body.data.me.tenants.map((m: { tenant: { id: string } }) => m.tenant.id)).toContain([...ids][0]);
  });
});

describe('rate limits per tenant and API key', () => {
  // Five pages of 100: costs 5 × (10 + 100) = 550 of the tenant's 3,000 a minute, the API key's 1,000.
  const heavy = `query { ${aliases(5, 'auditLog(first: 100) { pageInfo { hasNextPage } }')} }`;

  it('answers RATE_LIMITED (429, Retry-After) once a tenant spent its budget, while another tenant is unaffected', async () => {
    const noisy = await signUp();
    const quiet = await signUp();
    const answers: GqlResponse[] = [];
    for (let i = 0; i < 6; i++) answers.push(await t.gql(heavy, undefined, { token: noisy }));
    expect(answers.slice(0, 5).map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
    const limited = answers[5];
    expect(limited.status).toBe(429);
    expect(errorOf(limited)?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(errorOf(limited)?.message).toMatch(/for this tenant/);

    const other = await t.gql('query { tenant { id } }', undefined, { token: quiet });
    expect(other.status).toBe(200);
    expect(other.body.errors).toBeUndefined();
  });

  it("limits one API key to its own budget, leaving its tenant's people their share", async () => {
    const token = await signUp();
    const key = await t.gql('mutation { createApiKey(input: { name: "script", scopes: [read] }) { secret } }', undefined, { token });
    expect(key.body.errors, JSON.stringify(key.body.errors)).toBeUndefined();
    const secret = key.body.data.createApiKey.secret;
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) statuses.push((await t.gql(heavy, undefined, { token: secret })).status);
    expect(statuses).toEqual([200, 429]);
    const limited = await t.gql(heavy, undefined, { token: secret });
    expect(errorOf(limited)?.message).toMatch(/for this API key/);

    const person = await t.gql(heavy, undefined, { token });
    expect(person.status).toBe(200);
    expect(person.body.errors).toBeUndefined();
  });
});
