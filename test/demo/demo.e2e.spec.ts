/**
 * The sandbox demo tenant: wired at start with both sandboxes, an integration, a Shopify endpoint and
 * alerts; its traffic generator's payments become Sage Pro receipts; `npm run demo:reset` restores
 * it; DEMO=off leaves the seeded tenant alone and generates nothing.
 *
 * `npm start` seeds (platform/database/seed.ts) before the app is built, so the demo finds its tenant
 * at bootstrap. The test app is built on a fresh database first, so each test seeds, then runs what
 * bootstrap runs (DemoSetup.start), with the generator's interval shortened through DemoTraffic.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterInvoice } from '../../backend/src/demo/demo-company.js';
import { DemoSetup } from '../../backend/src/demo/demo-setup.service.js';
import { resetDemoTenant } from '../../backend/src/demo/demo-reset.js';
import { DEMO_ALERT_KINDS, type DemoTenant } from '../../backend/src/demo/demo-tenant.js';
import { DemoTraffic } from '../../backend/src/demo/demo-traffic.service.js';
import { ChangeFeedService } from '../../backend/src/paytrace/change-feed/change-feed.service.js';
import { DEMO_OWNER_EMAIL, DEMO_TENANT_ID, seed } from '../../backend/src/platform/database/seed.js';
import { withDatabase } from '../../backend/src/platform/database/urls.js';
import { sageProSandboxDatabase } from '../../backend/src/sandbox/sandbox.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { sandboxMerchantOf } from '../support/paytrace-merchant.js';

const DEMO_PASSWORD = 'demo-e2e-password';
/** Fast enough that a minute holds plenty of traffic, slow enough to stay a demo. */
const TEST_INTERVAL_MS = 400;

async function logIn(t: TestApp): Promise<string> {
  const res = await t.gql('mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }', { i: { email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD } });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.logIn.accessToken;
}

describe('DEMO=on', () => {
  let t: TestApp;
  let db: pg.Pool;
  let company: pg.Pool;
  let demo: DemoTenant | null;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ DEMO: 'on', SEED: 'on', SANDBOXES: 'on', DEMO_PASSWORD, PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '200', PIPELINE_RETRY_MAX_MS: '1000' });
    await seed(t.db.adminUrl, DEMO_PASSWORD);
    t.app.get(DemoTraffic).configure({ intervalMs: TEST_INTERVAL_MS });
    demo = await t.app.get(DemoSetup).start();
    token = await logIn(t);
    db = new pg.Pool({ connectionString: t.db.adminUrl, max: 2 });
    company = new pg.Pool({ connectionString: withDatabase(t.db.adminUrl, sageProSandboxDatabase(t.config.SAGEPRO_SANDBOX_DATABASE, DEMO_TENANT_ID)), max: 2 });
  }, 90_000);

  afterAll(async () => {
    await t?.app.get(DemoTraffic).stop();
    await db?.end();
    await company?.end();
    await t?.close();
  });

  it('wires the seeded tenant: both sandboxes connected and paired, a Shopify endpoint, alerts by email', async () => {
    expect(demo).toMatchObject({ tenantId: DEMO_TENANT_ID, email: DEMO_OWNER_EMAIL, companyId: '01', orderLocation: 'MAIN' });
    const res = await t.gql(
      `{ payTraceConnections { nodes { id environment lastTest { result } } }
         sageProConnections { nodes { id edition lastTest { result } } }
         integrations { nodes { id payTraceConnectionId sageProConnectionId enabled } }
         webhookEndpoints { nodes { id format integrationId url } }
         alertRules { kind enabled }
         alertChannels { kind target } }`,
      undefined,
      { token },
    );
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const data = res.body.data;
    // Next to the prod pair, a dev and a qa pair of their own (demo-environments.e2e.spec.ts).
    expect(data.payTraceConnections.nodes).toHaveLength(3);
    expect(data.payTraceConnections.nodes).toContainEqual(expect.objectContaining({ id: demo!.payTraceConnectionId, environment: 'sandbox' }));
    expect(data.sageProConnections.nodes).toHaveLength(3);
    expect(data.sageProConnections.nodes).toContainEqual(expect.objectContaining({ id: demo!.sageProConnectionId, edition: 'sandbox', lastTest: { result: 'ok' } }));
    expect(data.integrations.nodes).toHaveLength(3);
    expect(data.integrations.nodes).toContainEqual({ id: demo!.integrationId, payTraceConnectionId: demo!.payTraceConnectionId, sageProConnectionId: demo!.sageProConnectionId, enabled: true });
    expect(data.webhookEndpoints.nodes).toEqual([expect.objectContaining({ id: demo!.shopEndpointId, format: 'shopify_orders', integrationId: demo!.integrationId })]);
    expect(data.webhookEndpoints.nodes[0].url.endsWith(demo!.shopEndpointPath)).toBe(true);
    expect(data.alertRules.map((r: { kind: string }) => r.kind).sort()).toEqual([...DEMO_ALERT_KINDS].sort());
    expect(data.alertChannels).toEqual([{ kind: 'email', target: DEMO_OWNER_EMAIL }]);
  });

  it('is idempotent: starting again finds the same wiring and adds nothing', async () => {
    const again = await t.app.get(DemoSetup).ensure();
    expect(again).toEqual(demo);
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM paytrace_connections WHERE tenant_id = $1)::int AS paytrace,
              (SELECT count(*) FROM sagepro_connections WHERE tenant_id = $1)::int AS sagepro,
              (SELECT count(*) FROM integrations WHERE tenant_id = $1)::int AS integrations,
              (SELECT count(*) FROM webhook_endpoints WHERE tenant_id = $1)::int AS endpoints,
              (SELECT count(*) FROM alert_channels WHERE tenant_id = $1)::int AS channels,
              (SELECT count(*) FROM paytrace_sandbox.merchants)::int AS merchants`,
      [DEMO_TENANT_ID],
    );
    // Three pairs (prod, dev, qa), each with its own sandbox merchant.
    expect(rows[0]).toEqual({ paytrace: 3, sagepro: 3, integrations: 3, endpoints: 1, channels: 1, merchants: 3 });
  });

  it('generates traffic whose approved payments become Sage Pro receipts within a minute', async () => {
    expect(t.app.get(DemoTraffic).running).toBe(true);
    let receipt: { id: string; reference: string; invno: string } | undefined;
    await eventually(async () => {
      const { rows } = await db.query(
        `SELECT e.id, f.reference, f.invno FROM inbox_events e JOIN sync_effects f ON f.event_id = e.id
          WHERE e.tenant_id = $1 AND e.state = 'done' AND e.type = 'payment.approved' AND f.kind = 'receipt' LIMIT 1`,
        [DEMO_TENANT_ID],
      );
      receipt = rows[0];
      expect(receipt, JSON.stringify(t.app.get(DemoTraffic).status())).toBeDefined();
    }, 60_000, 500);
    // In the sandbox company: a cash receipt under the payment's reference, on the invoice it paid.
    const { rows: cash } = await company.query('SELECT trim(invno) AS invno FROM pro01.arcash WHERE trim(refno) = $1', [receipt!.reference]);
    expect(cash).toEqual([{ invno: receipt!.invno }]);
    // And the demo user sees it as a done event in the portal's list.
    const res = await t.gql('{ syncEvents(state: done, type: "payment.approved") { nodes { id source } } }', undefined, { token });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.syncEvents.nodes).toContainEqual({ id: receipt!.id, source: 'paytrace' });
    expect(t.app.get(DemoTraffic).status().errors).toBe(0);
  }, 75_000);

  it('its mix lands in Sage Pro too: declines, refunds, chargebacks, Shopify orders and their payments, an outage retried', async () => {
    const traffic = t.app.get(DemoTraffic);
    await traffic.stop(); // from here each tick is run by hand, with the action forced
    traffic.configure({ reversibleAfterMs: 0, outageMs: 2_000 });
    const newest = async (where: string, params: unknown[] = []) =>
      (
        await db.query(`SELECT id, type, state, attempts, outcome, document_number FROM inbox_events WHERE tenant_id = $1 AND ${where} ORDER BY received_at DESC LIMIT 1`, [
          DEMO_TENANT_ID,
          ...params,
        ])
      ).rows[0];
    const reaches = async (where: string, state: string, params: unknown[] = []) => {
      let row: any;
      await eventually(async () => {
        row = await newest(where, params);
        expect(row?.state, JSON.stringify(row)).toBe(state);
      }, 30_000, 200);
      return row;
    };

    expect(await traffic.runOnce('decline')).toBe('decline');
    expect((await reaches("type = 'payment.declined'", 'done')).outcome).toMatchObject({ status: 'failed' });

    await traffic.runOnce('sale');
    await reaches("type = 'payment.approved'", 'done');
    await traffic.runOnce('refund');
    expect((await reaches("type = 'payment.refunded'", 'done')).outcome).toMatchObject({ reversal: expect.stringMatching(/^PT\d+$/) });
    await traffic.runOnce('sale');
    await reaches("type = 'payment.approved'", 'done');
    await traffic.runOnce('chargeback');
    expect((await reaches("type = 'payment.charged_back'", 'done')).outcome).toMatchObject({ status: 'charged_back' });

    expect(await traffic.runOnce('shopify_order')).toBe('shopify_order');
    const order = await reaches("source = 'shopify' AND type = 'order.created'", 'done');
    expect(order.outcome.sono).toBeTruthy();
    expect(await traffic.runOnce()).toBe('order_payment'); // the generator pays the order once Settle made it
    const paid = await reaches("type = 'payment.approved' AND document_number = $2", 'done', [order.document_number]);
    expect(paid.outcome).toMatchObject({ sono: order.outcome.sono });

    // A clerk keys a card payment taken at the counter straight into Sage Pro: a receipt with no Settle reference on the card clearing account.
    const { rows: [{ n: keyedBefore }] } = await company.query("SELECT count(*)::int AS n FROM pro01.arcash WHERE refno LIKE 'VISA %' AND trim(cashacct) = '1010'");
    expect(await traffic.runOnce('clerk_receipt')).toBe('clerk_receipt');
    const { rows: [{ n: keyedAfter }] } = await company.query("SELECT count(*)::int AS n FROM pro01.arcash WHERE refno LIKE 'VISA %' AND trim(cashacct) = '1010'");
    expect(keyedAfter).toBe(keyedBefore + 1);

    expect(await traffic.runOnce('outage')).toBe('outage');
    const retried = await reaches("type = 'payment.approved'", 'done');
    expect(retried.attempts).toBeGreaterThan(1);
  }, 120_000);

  it('when open invoices run low it enters new ones as Sage Pro would, and Settle pays them', async () => {
    const { rows: before } = await company.query("SELECT int1::int AS invno, int2::int AS arsess FROM prosys.sysdata WHERE sysid = 'AR01'");
    const entered = await enterInvoice(company, 'pro01', '01', new Date().toISOString().slice(0, 10));
    expect(entered).toMatchObject({ invno: String(before[0].invno + 1) });
    const { rows: counters } = await company.query("SELECT int1::int AS invno, int2::int AS arsess FROM prosys.sysdata WHERE sysid = 'AR01'");
    expect(counters[0]).toEqual({ invno: before[0].invno + 1, arsess: before[0].arsess + 1 });
    // The sandbox's invariants: header = lines, GL balanced in its session, customer balance = its open items.
    const { rows: checks } = await company.query(
      `SELECT round(a.invamt * 100)::int AS invamt, round(a.balance * 100)::int AS balance,
              (SELECT round(sum(extprice) * 100)::int FROM pro01.artran t WHERE t.invno = a.invno) AS lines,
              (SELECT sum(amount)::numeric FROM pro01.ardist d WHERE d.arsess = (SELECT arsess FROM pro01.ardist WHERE tranno = a.invno LIMIT 1)) AS session_sum,
              (SELECT round(sum(amount) * 100)::int FROM pro01.ardist d WHERE d.tranno = a.invno AND trim(d.glacnt) = '1200') AS ar,
              (SELECT round(c.balance * 100)::int FROM pro01.arcust c WHERE c.custno = a.custno) AS customer_balance,
              (SELECT round(sum(m.balance) * 100)::int FROM pro01.armast m WHERE m.custno = a.custno AND m.arstat NOT IN ('V', 'X')) AS open_items
         FROM pro01.armast a WHERE trim(a.invno) = $1`,
      [entered!.invno],
    );
    expect(checks[0]).toMatchObject({ invamt: entered!.cents, balance: entered!.cents, lines: entered!.cents, ar: entered!.cents });
    expect(Number(checks[0].session_sum)).toBe(0);
    expect(checks[0].customer_balance).toBe(checks[0].open_items);

    const merchant = await sandboxMerchantOf(t, DEMO_TENANT_ID, demo!.payTraceConnectionId);
    const sale = await merchant.sale(entered!.cents, { invoice_id: entered!.invno });
    await t.app.get(ChangeFeedService).fetchTransaction(DEMO_TENANT_ID, demo!.payTraceConnectionId, sale.transactionId);
    await eventually(async () => {
      const { rows } = await db.query('SELECT state, outcome FROM inbox_events WHERE tenant_id = $1 AND payment_key = $2', [DEMO_TENANT_ID, `pt:${sale.transactionId}`]);
      expect(rows[0]?.state, JSON.stringify(rows[0])).toBe('done');
      expect(rows[0].outcome).toMatchObject({ invno: entered!.invno, status: 'paid' });
    }, 20_000, 200);
  });

  it('demo:reset clears the traffic (PayTrace, Settle, Sage Pro) and keeps the wiring', async () => {
    await t.app.get(DemoTraffic).stop();
    // The merchant of the demo's prod pair, where the traffic goes (dev and qa have one each too).
    const merchant = await db.query<{ id: string; api_username: string }>(
      'SELECT m.id, m.api_username FROM paytrace_sandbox.merchants m JOIN paytrace_connections c ON c.username = m.api_username WHERE c.id = $1',
      [demo!.payTraceConnectionId],
    );
    const counts = async () =>
      (
        await db.query(
          `SELECT (SELECT count(*) FROM inbox_events WHERE tenant_id = $1)::int AS events,
                  (SELECT count(*) FROM sync_effects WHERE tenant_id = $1)::int AS effects,
                  (SELECT count(*) FROM transaction_changes WHERE tenant_id = $1)::int AS changes,
                  (SELECT count(*) FROM paytrace_sandbox.transactions WHERE merchant_id = $2)::int AS transactions`,
          [DEMO_TENANT_ID, merchant.rows[0].id],
        )
      ).rows[0];
    const settleReceipts = async () => (await company.query("SELECT count(*)::int AS n FROM pro01.arcash WHERE refno LIKE 'PT%'")).rows[0].n;
    expect((await counts()).events).toBeGreaterThan(0);
    expect(await settleReceipts()).toBeGreaterThan(0);

    const report = await resetDemoTenant({ adminDatabaseUrl: t.db.adminUrl, sageProSandboxDatabase: t.config.SAGEPRO_SANDBOX_DATABASE });

    expect(report).toMatchObject({ found: true, merchants: [expect.any(String), expect.any(String), expect.any(String)], company: sageProSandboxDatabase(t.config.SAGEPRO_SANDBOX_DATABASE, DEMO_TENANT_ID) });
    expect(report.merchants).toContain(merchant.rows[0].api_username);
    expect(await counts()).toEqual({ events: 0, effects: 0, changes: 0, transactions: 0 });
    expect(await settleReceipts()).toBe(0);
    const { rows: seeded } = await company.query("SELECT int1::int AS last_invno FROM prosys.sysdata WHERE sysid = 'AR01'");
    expect(seeded[0].last_invno).toBe(1350); // 300 open + 48 paid + 2 void invoices from 1001, as seeded
    // The wiring stays, and Settle still reaches the rebuilt company as its connector role.
    const test = await t.gql('mutation($id: ID!) { testSageProConnection(id: $id) { status } }', { id: demo!.sageProConnectionId }, { token });
    expect(test.body.data?.testSageProConnection.status, JSON.stringify(test.body)).toBe('ok');
    expect(await t.app.get(DemoSetup).ensure()).toEqual(demo);
  }, 60_000);
});

describe('DEMO=off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DEMO: 'off', SEED: 'on', SANDBOXES: 'on', DEMO_PASSWORD });
    await seed(t.db.adminUrl, DEMO_PASSWORD);
  }, 60_000);

  afterAll(() => t?.close());

  it('wires nothing and generates nothing: the seeded tenant stays as the seed made it', async () => {
    expect(await t.app.get(DemoSetup).start()).toBeNull();
    expect(t.app.get(DemoTraffic).running).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const db = new pg.Pool({ connectionString: t.db.adminUrl, max: 1 });
    try {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM paytrace_connections)::int AS paytrace, (SELECT count(*) FROM sagepro_connections)::int AS sagepro,
                (SELECT count(*) FROM integrations)::int AS integrations, (SELECT count(*) FROM inbox_events)::int AS events,
                (SELECT count(*) FROM alert_rules)::int AS rules, (SELECT count(*) FROM paytrace_sandbox.merchants)::int AS merchants`,
      );
      expect(rows[0]).toEqual({ paytrace: 0, sagepro: 0, integrations: 0, events: 0, rules: 0, merchants: 0 });
    } finally {
      await db.end();
    }
    // The login itself is the seed's (SEED=on), not the demo's.
    expect((await logIn(t)).length).toBeGreaterThan(20);
    // Nor is there a demo shop.
    expect((await t.http.get('/demo/shop').set('accept', 'text/html')).status).toBe(404);
  });
});
