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
