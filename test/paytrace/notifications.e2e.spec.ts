/**
 * POST /notifications/paytrace/<endpoint id>: a hint ("look at transaction N") from anyone holding the
 * connection's URL. Settle answers 202 and looks the transaction up in PayTrace (export/by_id) on its
 * queue, in-process here; the change it records is the same one a poll would, so a notification and
 * a poll of the same transaction yield one change. A flood of hints cannot push Settle past the
 * connection's PayTrace rate limit.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeedService } from '../../backend/src/paytrace/change-feed/change-feed.service.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { firstPollOf, type PayTraceMerchant, sandboxMerchantOf } from '../support/paytrace-merchant.js';

const BY_ID = '/v1/transactions/export/by_id';

let t: TestApp;
let baseUrl: string;
let db: pg.Pool;
let token: string;
let tenantId: string;

interface TestConnection {
  id: string;
  endpointId: string;
  merchant: PayTraceMerchant;
}

async function gqlOk(query: string, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

const endpointIdOf = (notificationUrl: string) => new URL(notificationUrl).pathname.split('/').pop()!;

/** A one-click sandbox connection; waits out the poll the scheduler runs when it is saved. */
async function newConnection(settings = 'pollIntervalSeconds: 3600, rateLimitPerMinute: 600'): Promise<TestConnection> {
  const { createPayTraceConnection: c } = await gqlOk(`mutation { createPayTraceConnection(input: { environment: sandbox, ${settings} }) { id notificationUrl } }`);
  await firstPollOf(t, c.id);
  return { id: c.id, endpointId: endpointIdOf(c.notificationUrl), merchant: await sandboxMerchantOf(t, tenantId, c.id) };
}

const notify = (endpointId: string, body: unknown) => t.http.post(`/notifications/paytrace/${endpointId}`).set('content-type', 'application/json').send(body as object);

async function changesOf(connectionId: string, transactionId?: number) {
  const { rows } = await db.query<{ transaction_id: string; state: string; source: string }>(
    `SELECT transaction_id::text, state, source FROM transaction_changes
      WHERE connection_id = $1 AND ($2::bigint IS NULL OR transaction_id = $2) ORDER BY created_at`,
    [connectionId, transactionId ?? null],
  );
  return rows;
}

/** settle_paytrace_calls_total for `path`, summed over status and outcome, from GET /metrics. */
async function callsTo(path: string): Promise<number> {
  const res = await t.http.get('/metrics');
  expect(res.status).toBe(200);
  let total = 0;
  for (const line of res.text.split('\n')) {
    if (line.startsWith('settle_paytrace_calls_total{') && line.includes(`path="${path}"`)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

beforeAll(async () => {
  t = await startTestApp();
  baseUrl = await t.listen();
  db = new pg.Pool({ connectionString: t.db.adminUrl, max: 3 });
  const signUp = await t.gql('mutation { signUp(input: { companyName: "Cedar Mills", email: "ar@cedar.test", password: "cedar-pass-12" }) { accessToken me { tenant { id } } } }');
  token = signUp.body.data.signUp.accessToken;
  tenantId = signUp.body.data.signUp.me.tenant.id;
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

describe('a notification', () => {
  let n: TestConnection;

  beforeAll(async () => {
    n = await newConnection();
  });

  it('is accepted with 202 and makes Settle look the transaction up at once; a later poll adds nothing', async () => {
    const { transactionId } = await n.merchant.sale(15_00);
    const res = await notify(n.endpointId, { transaction_id: transactionId });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true, transactionId });

    await eventually(async () => expect(await changesOf(n.id, transactionId)).toEqual([{ transaction_id: String(transactionId), state: 'approved', source: 'notification' }]), 10_000);
    const feed = t.app.get(ChangeFeedService);
    expect((await feed.poll(tenantId, n.id)).changes).toBe(0);
    await feed.poll(tenantId, n.id);
    // The same hint again (PayTrace or a merchant's system retrying): still one change.
    expect((await notify(n.endpointId, { transactionId: String(transactionId) })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await changesOf(n.id, transactionId)).toHaveLength(1);

    // A new state is a new change, whichever path sees it first; the other adds nothing.
    await n.merchant.settle();
    expect((await notify(n.endpointId, { transaction_id: transactionId })).status).toBe(202);
    await eventually(async () => expect((await changesOf(n.id, transactionId)).map((c) => c.state)).toEqual(['approved', 'settled']), 10_000);
    await feed.poll(tenantId, n.id);
    expect((await changesOf(n.id, transactionId)).map((c) => c.state)).toEqual(['approved', 'settled']);
  });

  it("works from the sandbox's own notifications: polls and notifications of a transaction still make one change per state", async () => {
    await n.merchant.notifyTo(`${baseUrl}/notifications/paytrace/${n.endpointId}`);
    try {
      const { transactionId: sale } = await n.merchant.sale(16_00);
      await eventually(async () => expect(await changesOf(n.id, sale)).toEqual([{ transaction_id: String(sale), state: 'approved', source: 'notification' }]), 10_000);
      await n.merchant.void(sale);
      await t.app.get(ChangeFeedService).poll(tenantId, n.id); // races the sandbox's "voided" notification
      await eventually(async () => expect((await changesOf(n.id, sale)).map((c) => c.state)).toEqual(['approved', 'voided']), 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await t.app.get(ChangeFeedService).poll(tenantId, n.id);
      expect((await changesOf(n.id, sale)).map((c) => c.state)).toEqual(['approved', 'voided']);
    } finally {
      await n.merchant.notifyTo(null);
    }
  });

  it('answers 404 for an unknown or rotated URL and 400 without a transaction id', async () => {
    expect((await notify('x'.repeat(32), { transaction_id: 1 })).status).toBe(404);
    expect((await notify('short', { transaction_id: 1 })).status).toBe(404);
    for (const body of [{}, { transaction_id: 'abc' }, { transaction_id: -4 }, { transaction_id: 1.5 }, { amount: 12 }]) {
      const res = await notify(n.endpointId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toMatch(/transaction_id/);
    }

    const { rotatePayTraceNotificationUrl: rotated } = await gqlOk('mutation($id: ID!) { rotatePayTraceNotificationUrl(id: $id) { notificationUrl } }', { id: n.id });
    const { transactionId } = await n.merchant.sale(17_00);
    expect((await notify(n.endpointId, { transaction_id: transactionId })).status).toBe(404);
    n.endpointId = endpointIdOf(rotated.notificationUrl);
    expect((await notify(n.endpointId, { transaction_id: transactionId })).status).toBe(202);
    await eventually(async () => expect(await changesOf(n.id, transactionId)).toHaveLength(1), 10_000);
  });
});

describe('a flood of notifications', () => {
  it("cannot make Settle call PayTrace more often than the connection's rate limit", async () => {
    const f = await newConnection();
    const ids: number[] = [];
    for (let i = 0; i < 100; i++) ids.push((await f.merchant.sale(1_00 + i)).transactionId);
    await gqlOk('mutation($id: ID!) { updatePayTraceConnection(id: $id, input: { rateLimitPerMinute: 10 }) { rateLimitPerMinute } }', { id: f.id });

    // Count what reaches the sandbox too, not only what Settle says it did.
    const flood = new Set(ids);
    const reached: number[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith(BY_ID) && typeof init?.body === 'string') {
        const id = Number(JSON.parse(init.body).transaction_id);
        if (flood.has(id)) reached.push(id);
      }
      return realFetch(input, init);
    }) as typeof fetch;
    try {
      const before = await callsTo(BY_ID);
      const answers = await Promise.all(ids.map((id) => notify(f.endpointId, { transaction_id: id })));
      expect(answers.map((a) => a.status)).toEqual(ids.map(() => 202));

      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const made = (await callsTo(BY_ID)) - before;
      expect(made).toBeLessThanOrEqual(10);
      expect(reached.length).toBeLessThanOrEqual(10);
      // The notifications did reach PayTrace, up to the limit, and what was looked up was recorded.
      expect(reached.length).toBeGreaterThan(0);
      const recorded = await changesOf(f.id);
      expect(recorded.length).toBeGreaterThan(0);
      expect(recorded.length).toBeLessThanOrEqual(10);
      expect(new Set(recorded.map((c) => c.transaction_id)).size).toBe(recorded.length);
    } finally {
      globalThis.fetch = realFetch;
    }
  }, 45_000);
});
