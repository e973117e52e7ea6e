/**
 * The merchant's *other* systems, for change-feed tests: they make payments in PayTrace (here, the
 * sandbox Settle serves at /sandbox/paytrace) without Settle knowing. The client itself lives in
 * backend/src/demo/paytrace-merchant.ts (the demo tenant's traffic generator uses it too); this file
 * finds the sandbox merchant behind a test tenant's connection.
 *
 *   const m = await sandboxMerchantOf(t, tenantId, connectionId);
 *   const { transactionId } = await m.sale(12_34);
 */
import pg from 'pg';
import { PayTraceMerchant } from '../../backend/src/demo/paytrace-merchant.js';
import { PayTraceConnectionsService } from '../../backend/src/connections/paytrace/paytrace-connections.service.js';
import { TenantContext } from '../../backend/src/platform/database/tenant-context.js';
import type { TestApp } from './app.js';
import { eventually } from './eventually.js';

export { type ClockSpan, type Payment, PayTraceMerchant, type PayTraceMerchantOptions, type Reply, TEST_VISA } from '../../backend/src/demo/paytrace-merchant.js';

/**
 * The sandbox merchant behind a one-click sandbox connection of `t`: its password read in-process
 * (as only Settle can decrypt it), its sandbox id from the sandbox's schema. `t` must be listening.
 */
export async function sandboxMerchantOf(t: TestApp, tenantId: string, connectionId: string): Promise<PayTraceMerchant> {
  await t.listen();
  const credentials = await TenantContext.run({ tenantId }, () => t.app.get(PayTraceConnectionsService).credentials(connectionId));
  const client = new pg.Client({ connectionString: t.db.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM paytrace_sandbox.merchants WHERE api_username = $1', [credentials.username]);
    if (!rows[0]) throw new Error(`no sandbox merchant ${credentials.username}`);
    return new PayTraceMerchant({
      baseUrl: credentials.baseUrl,
      username: credentials.username,
      password: credentials.password,
      merchantId: Number(rows[0].id),
      adminKey: t.config.sandboxAdminKey,
    });
  } finally {
    await client.end();
  }
}

/**
 * Waits for the poll the scheduler runs as soon as a connection is saved. Until it has run, it may
 * read any payment made meanwhile and record it as its own ("poll"), so tests that name a change's
 * source wait for it first. Fails if it does not run within `timeoutMs`.
 */
export async function firstPollOf(t: TestApp, connectionId: string, timeoutMs = 15_000): Promise<void> {
  const client = new pg.Client({ connectionString: t.db.adminUrl });
  await client.connect();
  try {
    await eventually(async () => {
      const { rows } = await client.query<{ last_poll_at: Date | null }>('SELECT last_poll_at FROM paytrace_connections WHERE id = $1', [connectionId]);
      if (!rows[0]?.last_poll_at) throw new Error(`connection ${connectionId}: its first poll has not run in ${timeoutMs} ms`);
    }, timeoutMs);
  } finally {
    await client.end();
  }
}
