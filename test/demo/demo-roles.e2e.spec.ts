/**
 * The demo with split roles (`npm start -- --role=api` and `--role=worker` side by side): the worker
 * process generates the traffic, reaching the sandboxes and the Shopify endpoint through the API at
 * PUBLIC_URL, and its change feed fetches from the sandbox there too; an API-only process wires the
 * demo but generates nothing. Here the test app (listening at PUBLIC_URL) stands for the API process
 * and never starts the demo itself; a worker-role and an api-role app share its database and Redis.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createSettleApp } from '../../backend/src/app.factory.js';
import { DemoSetup } from '../../backend/src/demo/demo-setup.service.js';
import { DemoTraffic } from '../../backend/src/demo/demo-traffic.service.js';
import { DEMO_TENANT_ID, seed } from '../../backend/src/platform/database/seed.js';
import type { ProcessRole } from '../../backend/src/platform/tokens.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { sandboxUrlOf } from '../support/database.js';
import { eventually } from '../support/eventually.js';

const DEMO_PASSWORD = 'demo-roles-password';

describe('DEMO=on with --role=api and --role=worker', () => {
  let t: TestApp;
  let worker: NestFastifyApplication;
  let api: NestFastifyApplication;
  let db: pg.Pool;

  const build = (role: ProcessRole) =>
    createSettleApp({
      config: t.config,
      infrastructure: { appDatabaseUrl: t.db.appUrl, sandboxDatabaseUrl: sandboxUrlOf(t.db.adminUrl), redisUrl: inject('redisUrl'), stop: async () => undefined },
      role,
    });

  beforeAll(async () => {
    t = await startTestApp({ DEMO: 'on', SEED: 'on', SANDBOXES: 'on', DEMO_PASSWORD, PIPELINE_SWEEP_MS: '200' });
    await seed(t.db.adminUrl, DEMO_PASSWORD); // before the role processes start, as `npm start` seeds
    api = await build('api');
    worker = await build('worker');
    worker.get(DemoTraffic).configure({ intervalMs: 500 });
    db = new pg.Pool({ connectionString: t.db.adminUrl, max: 1 });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.end();
    await t?.close();
  });

  it('wires the demo in both, and only the worker process generates traffic', () => {
    expect(api.get(DemoSetup).tenant).toEqual(worker.get(DemoSetup).tenant);
    expect(api.get(DemoTraffic).running).toBe(false);
    expect(worker.get(DemoTraffic).running).toBe(true);
    expect(t.app.get(DemoTraffic).running).toBe(false);
  });

  it("the worker's payments become Sage Pro receipts", async () => {
    await eventually(async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM inbox_events e JOIN sync_effects f ON f.event_id = e.id
          WHERE e.tenant_id = $1 AND e.state = 'done' AND e.type = 'payment.approved' AND f.kind = 'receipt'`,
        [DEMO_TENANT_ID],
      );
      expect(rows[0].n, JSON.stringify(worker.get(DemoTraffic).status())).toBeGreaterThan(0);
    }, 45_000, 500);
    expect(worker.get(DemoTraffic).status()).toMatchObject({ errors: 0 });
  }, 60_000);
});
