/**
 * Payments Settle makes itself produce their transaction change at once (source "settle"), and the
 * next poll finds the same (transaction, state) and adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayTraceConnectionsService } from '../../backend/src/connections/paytrace/paytrace-connections.service.js';
import { TenantContext } from '../../backend/src/platform/database/tenant-context.js';
import { ChangeFeedService } from '../../backend/src/paytrace/change-feed/change-feed.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { firstPollOf } from '../support/paytrace-merchant.js';

let t: TestApp;
let token: string;
let tenantId: string;
let connectionId: string;

/** The merchant's own back office creating a vault profile directly in (sandbox) PayTrace. */
async function createVaultCustomer(customerId: string): Promise<void> {
  const credentials = await TenantContext.run({ tenantId }, () => t.app.get(PayTraceConnectionsService).credentials(connectionId));
  const oauth = await fetch(`${credentials.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: credentials.username, password: credentials.password }),
  });
  const { access_token } = (await oauth.json()) as { access_token: string };
  const created = await fetch(`${credentials.baseUrl}/v1/customer/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    body: JSON.stringify({
      customer_id: customerId,
      credit_card: { number: '4111111111111111', expiration_month: '12', expiration_year: '2030' },
      billing_address: { name: 'Ada Buyer', street_address: '1 Main St', zip: '98101' },
      integrator_id: credentials.integratorId,
    }),
  });
  expect(((await created.json()) as { response_code: number }).response_code).toBe(160);
}

async function charge(amountMinor: number, invoiceId: string) {
  const res = await t.gql(
    'mutation($c: ID!, $i: ChargeVaultCustomerInput!) { chargePayTraceCustomer(connectionId: $c, input: $i) { status transactionId approvalMessage changeRecorded } }',
    { c: connectionId, i: { customerId: 'ada-buyer', amountMinor, invoiceId } },
    { token },
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data.chargePayTraceCustomer;
}

async function changesOf(transactionId: string) {
  const res = await t.gql('query($c: ID) { transactionChanges(connectionId: $c, first: 100) { nodes { transactionId state source amountMinor } } }', { c: connectionId }, { token });
  return (res.body.data.transactionChanges.nodes as { transactionId: string; state: string; source: string; amountMinor: number }[]).filter((n) => n.transactionId === transactionId);
}

beforeAll(async () => {
  t = await startTestApp();
  const signUp = await t.gql('mutation { signUp(input: { companyName: "Orchard Tools", email: "ar@orchard.test", password: "orchard-pass-1" }) { accessToken me { tenant { id } } } }');
  token = signUp.body.data.signUp.accessToken;
  tenantId = signUp.body.data.signUp.me.tenant.id;
  const created = await t.gql('mutation { createPayTraceConnection(input: { environment: sandbox, pollIntervalSeconds: 3600 }) { id } }', {}, { token });
  connectionId = created.body.data.createPayTraceConnection.id;
  // Otherwise that poll can read the first charge before Settle records it, and call it its own.
  await firstPollOf(t, connectionId);
  await createVaultCustomer('ada-buyer');
});

afterAll(() => t?.close());

describe('payments Settle makes itself', () => {
  it('records an approved charge at once, and a later poll does not repeat it', async () => {
    const result = await charge(12_550, 'INV-1001');
    expect(result).toMatchObject({ status: 'approved', changeRecorded: true });
    expect(await changesOf(result.transactionId)).toEqual([{ transactionId: result.transactionId, state: 'approved', source: 'settle', amountMinor: 12_550 }]);

    await t.app.get(ChangeFeedService).poll(tenantId, connectionId);
    expect(await changesOf(result.transactionId)).toHaveLength(1);
  });

  it('records a declined charge as declined, keeping the processor text', async () => {
    const result = await charge(29, 'INV-1002');
    expect(result.status).toBe('declined');
    expect(result.approvalMessage).toBe('  EXPIRED CARD - Expired card');
    expect(await changesOf(result.transactionId)).toEqual([{ transactionId: result.transactionId, state: 'declined', source: 'settle', amountMinor: 29 }]);
  });

  it('names the field of a bad amount and charges nothing', async () => {
    const res = await t.gql(
      'mutation($c: ID!) { chargePayTraceCustomer(connectionId: $c, input: { customerId: "ada-buyer", amountMinor: 0 }) { status } }',
      { c: connectionId },
      { token },
    );
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountMinor' });
  });
});
