/**
 * The demo tenant's environments: with the demo on, start-up gives the seeded tenant a dev and a qa
 * pair on sandbox connections of their own (both in the sandbox's company 99, so a try never lands in
 * the books its prod pair and traffic keep in 01), once however often it starts; a test run in dev
 * goes through dev's pair into company 99. With the demo off nothing is made (production, which seeds
 * nothing, never gets here). No traffic runs: DemoSetup.ensure() is the wiring alone.
 */
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ENVIRONMENT_PAIRS } from '../../backend/src/demo/demo-environments.js';
import { DemoSetup } from '../../backend/src/demo/demo-setup.service.js';
import type { DemoTenant } from '../../backend/src/demo/demo-tenant.js';
import { DEMO_OWNER_EMAIL, DEMO_TENANT_ID, seed } from '../../backend/src/platform/database/seed.js';
import { withDatabase } from '../../backend/src/platform/database/urls.js';
import { sageProSandboxDatabase } from '../../backend/src/sandbox/sandbox.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';

const DEMO_PASSWORD = 'demo-environments-password';
const PAIRS = 'name integrations { id name environment enabled payTraceConnectionId sageProConnectionId }';

interface Pair { id: string; name: string; environment: string; enabled: boolean; payTraceConnectionId: string; sageProConnectionId: string }

async function logIn(t: TestApp): Promise<string> {
  const res = await t.gql('mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }', { i: { email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD } });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.logIn.accessToken;
}

async function gqlOk(t: TestApp, token: string, query: string, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

async function pairsByEnvironment(t: TestApp, token: string): Promise<Record<string, Pair[]>> {
  const { environments } = await gqlOk(t, token, `{ environments { ${PAIRS} } }`);
  return Object.fromEntries(environments.map((e: { name: string; integrations: Pair[] }) => [e.name, e.integrations]));
}

describe('DEMO=on: the demo tenant has dev and qa', () => {
  let t: TestApp;
  let db: pg.Pool;
  let company: pg.Pool;
  let demo: DemoTenant | null;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ DEMO: 'on', SEED: 'on', SANDBOXES: 'on', DEMO_PASSWORD, PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '200', PIPELINE_RETRY_MAX_MS: '1000' });
    await seed(t.db.adminUrl, DEMO_PASSWORD);
    demo = await t.app.get(DemoSetup).ensure();
    token = await logIn(t);
    db = new pg.Pool({ connectionString: t.db.adminUrl, max: 2 });
    company = new pg.Pool({ connectionString: withDatabase(t.db.adminUrl, sageProSandboxDatabase(t.config.SAGEPRO_SANDBOX_DATABASE, DEMO_TENANT_ID)), max: 2 });
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await company?.end();
    await t?.close();
  });

  it('a pair each on sandbox connections of their own, in company 99; prod keeps the demo pair in 01', async () => {
    const byEnvironment = await pairsByEnvironment(t, token);
    expect(byEnvironment.prod.map((p) => p.id)).toEqual([demo!.integrationId]);
    expect(byEnvironment.dev.map((p) => [p.name, p.enabled])).toEqual([['Demo dev: PayTrace to Sage Pro', true]]);
    expect(byEnvironment.qa.map((p) => [p.name, p.enabled])).toEqual([['Demo qa: PayTrace to Sage Pro', true]]);

    const [dev, qa] = [byEnvironment.dev[0], byEnvironment.qa[0]];
    const connections = (pair: Pair) =>
      gqlOk(t, token, 'query($p: ID!, $s: ID!) { payTraceConnection(id: $p) { environment username } sageProConnection(id: $s) { edition companyId } }', {
        p: pair.payTraceConnectionId,
        s: pair.sageProConnectionId,
      });
    const [devConnections, qaConnections, prodConnections] = [await connections(dev), await connections(qa), await connections(byEnvironment.prod[0])];
    for (const c of [devConnections, qaConnections]) {
      expect(c.payTraceConnection.environment).toBe('sandbox');
      expect(c.sageProConnection).toEqual({ edition: 'sandbox', companyId: '99' });
    }
    expect(prodConnections.sageProConnection).toEqual({ edition: 'sandbox', companyId: '01' });
    // Three PayTrace sandbox merchants: a try in dev or qa is never a payment of the demo's own merchant.
    expect(new Set([devConnections, qaConnections, prodConnections].map((c) => c.payTraceConnection.username)).size).toBe(3);
    expect(new Set([dev.payTraceConnectionId, qa.payTraceConnectionId, demo!.payTraceConnectionId]).size).toBe(3);
  });

  it('is made once: starting again finds the pairs and adds nothing', async () => {
    const counts = async () =>
      (
        await db.query(
          `SELECT (SELECT count(*) FROM paytrace_connections WHERE tenant_id = $1)::int AS paytrace,
                  (SELECT count(*) FROM sagepro_connections WHERE tenant_id = $1)::int AS sagepro,
                  (SELECT count(*) FROM integrations WHERE tenant_id = $1)::int AS integrations`,
          [DEMO_TENANT_ID],
        )
      ).rows[0];
    expect(await counts()).toEqual({ paytrace: 3, sagepro: 3, integrations: 3 });
    expect(await t.app.get(DemoSetup).ensure()).toEqual(demo);
    expect(await counts()).toEqual({ paytrace: 3, sagepro: 3, integrations: 3 });
    // What a visitor would ask the portal for finds nothing missing.
    const { provisionSandboxPairs } = await gqlOk(t, token, `mutation { provisionSandboxPairs { ${PAIRS} } }`);
    expect(provisionSandboxPairs.map((e: { integrations: Pair[] }) => e.integrations.map((p) => p.name))).toEqual(
      DEMO_ENVIRONMENT_PAIRS.map((p) => [p.integration]),
    );
    expect(await counts()).toEqual({ paytrace: 3, sagepro: 3, integrations: 3 });
  });

  it("a test run in dev goes through dev's pair into company 99, never into prod's 01", async () => {
    const { rows: invoices } = await company.query<{ invno: string; cents: number }>(
      `SELECT trim(a.invno) AS invno, round(a.balance * 100)::int AS cents
         FROM pro99.armast a JOIN pro99.arcust c ON c.custno = a.custno
        WHERE a.arstat = '' AND a.artype = '' AND a.paidamt = 0 AND a.balance > 0 AND a.balance < 5000
          AND c.lckstat = '' AND c.credstat <> 'H' AND trim(a.refno) = ''
        ORDER BY a.invno LIMIT 1`,
    );
    expect(invoices).toHaveLength(1);
    const transactionId = String(randomInt(100_000_000, 999_999_999));
    const receipts = async (schema: 'pro01' | 'pro99') => (await company.query(`SELECT count(*)::int AS n FROM ${schema}.arcash WHERE refno = $1`, [`PT${transactionId}`])).rows[0].n;
    const sample = {
      event: { type: 'payment.approved', transactionId, amountMinor: invoices[0].cents, currency: 'USD', occurredAt: new Date().toISOString(), method: 'card', documentNumber: invoices[0].invno },
    };
    const { testRunFlow: eventId } = await gqlOk(t, token, 'mutation($s: FlowSampleInput!) { testRunFlow(environment: dev, sample: $s) }', { s: sample });
    const devPair = (await pairsByEnvironment(t, token)).dev[0];
    await eventually(async () => {
      const { rows } = await db.query('SELECT state, integration_id FROM inbox_events WHERE id = $1', [eventId]);
      expect(rows[0]).toEqual({ state: 'done', integration_id: devPair.id });
    }, 20_000, 200);
    expect(await receipts('pro99')).toBeGreaterThan(0);
    expect(await receipts('pro01')).toBe(0);
  });
});

describe('DEMO=off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DEMO: 'off', SEED: 'on', SANDBOXES: 'on', DEMO_PASSWORD });
    await seed(t.db.adminUrl, DEMO_PASSWORD);
  }, 60_000);
  afterAll(() => t?.close());

  it('gives the seeded tenant no environments either', async () => {
    expect(await t.app.get(DemoSetup).start()).toBeNull();
    const token = await logIn(t);
    const byEnvironment = await pairsByEnvironment(t, token);
    expect(byEnvironment).toEqual({ dev: [], qa: [], prod: [] });
  });
});
