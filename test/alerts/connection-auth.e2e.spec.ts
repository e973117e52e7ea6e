/**
 * connection_auth alerts end to end: PayTrace refusing a connection's login (wrong credentials against
 * the PayTrace sandbox, and the sandbox's invalid-token fault) during polls, notification lookups and
 * charges, and the Sage Pro sandbox refusing the connector's password during a drain. Each connection's
 * failures gather into one alert per grouping window (2 s here), delivered once by email and once by
 * signed webhook.
 */
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeedService, PayTraceUnavailable } from '../../backend/src/paytrace/change-feed/change-feed.service.js';
import { withDatabase } from '../../backend/src/platform/database/urls.js';
import { throughProxy } from '../../backend/src/sandbox/sagepro/faults/sandbox-access.js';
import { PAYTRACE_SANDBOX_PREFIX, SandboxService, sageProSandboxDatabase } from '../../backend/src/sandbox/sandbox.service.js';
import { eventReaches, freshInvoices, pipelineTenant, type PipelineTenant } from '../pipeline/pipeline-harness.js';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { sandboxMerchantOf } from '../support/paytrace-merchant.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { type Receiver, startReceiver, subjectOf } from './alert-receivers.js';

const ALERT = 'id kind groupKey summary occurrences deliveredAt delivery { channelId ok error } samples { eventId detail }';
const WRONG_PASSWORD = 'not-the-password-1234';

let t: TestApp;
let smtp: SmtpSink;
let receiver: Receiver;
const me = { token: '', tenantId: '', webhookSecret: '' };

function dataOf(res: GqlResponse) {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

const asMe = async (query: string, variables?: Record<string, unknown>) => dataOf(await t.gql(query, variables, { token: me.token }));

/** An email and a webhook channel and the connection_auth rule, through the API as a tenant would. */
async function alertOnConnectionAuth(gql: (query: string, variables?: Record<string, unknown>) => Promise<any>, email: string, path: string): Promise<string> {
  const create = 'mutation($i: CreateAlertChannelInput!) { createAlertChannel(input: $i) { secret } }';
  await gql(create, { i: { kind: 'email', name: 'Ops', target: email } });
  const { createAlertChannel } = await gql(create, { i: { kind: 'webhook', name: 'Slack', target: `${receiver.url}${path}` } });
  await gql('mutation { upsertAlertRule(input: { kind: connection_auth, enabled: true }) { id } }');
  return createAlertChannel.secret;
}

async function connectionAuthAlerts(gql: (query: string) => Promise<any>, groupKey: string) {
  const { alerts } = await gql(`{ alerts(first: 50) { nodes { ${ALERT} } } }`);
  return alerts.nodes.filter((n: { kind: string; groupKey: string }) => n.kind === 'connection_auth' && n.groupKey === groupKey);
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startReceiver();
  t = await startTestApp({ ALERT_GROUP_WINDOW_SECONDS: '2', SMTP_URL: smtp.url, PIPELINE_SWEEP_MS: '200' });
  const { signUp } = dataOf(
    await t.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', {
      i: { companyName: 'Echo Electric', email: 'owner@echo.test', password: 'correct-horse-battery' },
    }),
  );
  Object.assign(me, { token: signUp.accessToken, tenantId: signUp.me.tenant.id });
  me.webhookSecret = await alertOnConnectionAuth(asMe, 'ops@echo.test', '/echo');
}, 60_000);

afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await receiver?.close();
});

describe('PayTrace refusing a connection', () => {
  it('gathers the polls, the notification lookup and the charge that wrong credentials fail into one alert', async () => {
    const baseUrl = `${await t.listen()}${PAYTRACE_SANDBOX_PREFIX}`;
    const { createPayTraceConnection: connection } = await asMe(
      `mutation($i: CreatePayTraceConnectionInput!) { createPayTraceConnection(input: $i) { id } }`,
      { i: { environment: 'custom', name: 'Old login', baseUrl, username: 'echo-api-user', password: WRONG_PASSWORD, integratorId: 'echo-int', pollIntervalSeconds: 3600 } },
    );
    // Saving the connection schedules its poll, which runs at once and is refused first: it opens the alert.
    await eventually(async () => {
      const { payTraceConnection } = await asMe('query($id: ID!) { payTraceConnection(id: $id) { changeFeed { lastError } } }', { id: connection.id });
      expect(payTraceConnection.changeFeed.lastError).toMatch(/^PayTrace AuthError/);
    }, 10_000);
    const feed = t.app.get(ChangeFeedService);
    const [poll, lookup, charge] = await Promise.allSettled([
      feed.poll(me.tenantId, connection.id),
      feed.fetchTransaction(me.tenantId, connection.id, 123_456_789),
      asMe(`mutation($c: ID!) { chargePayTraceCustomer(connectionId: $c, input: { customerId: "cust-1", amountMinor: 1500 }) { status message } }`, { c: connection.id }),
    ]);
    for (const refused of [poll, lookup]) {
      expect(refused.status).toBe('rejected');
      expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(PayTraceUnavailable);
      expect((refused as PromiseRejectedResult).reason.outcome).toMatchObject({ kind: 'AuthError', code: 'invalid_grant' });
    }
    expect(charge).toMatchObject({ status: 'fulfilled', value: { chargePayTraceCustomer: { status: 'failed', message: 'PayTrace refused the credentials (invalid_grant)' } } });

    const subject = '[Settle] 4 × connection auth: PayTrace refused the login of connection "Old login": check its credentials in Settle';
    const mail = await smtp.waitFor((m) => subjectOf(m).includes('PayTrace refused the login of connection "Old login"'));
    expect(subjectOf(mail)).toBe(subject);
    expect(mail.to).toEqual(['ops@echo.test']);
    expect(mail.text).toContain('poll: PayTrace refused the API username or password. (invalid_grant)');
    expect(mail.text).toContain('notification lookup: PayTrace refused the API username or password. (invalid_grant)');
    expect(mail.text).toContain('charge: PayTrace refused the API username or password. (invalid_grant)');
    expect(mail.text).not.toContain(WRONG_PASSWORD);

    await eventually(async () => expect(receiver.posts.filter((p) => p.path === '/echo')).toHaveLength(1), 10_000);
    const post = receiver.posts.find((p) => p.path === '/echo')!;
    const message = new Webhook(me.webhookSecret).verify(post.body, post.headers as Record<string, string>) as { text: string };
    expect(message.text).toBe(subject);

    let alert: Record<string, any> = {};
    await eventually(async () => {
      [alert] = await connectionAuthAlerts(asMe, `paytrace:${connection.id}`);
      expect(alert.delivery).toHaveLength(2);
    }, 10_000);
    expect(alert).toMatchObject({ occurrences: 4 });
    expect(alert.samples.map((s: { detail: string }) => s.detail.split(':')[0]).sort()).toEqual(['charge', 'notification lookup', 'poll', 'poll']);
    expect(alert.delivery.every((d: { ok: boolean }) => d.ok)).toBe(true);

    // Later failures are the next window's alert: one more notice, not one per failure.
    await expect(feed.poll(me.tenantId, connection.id)).rejects.toThrow(PayTraceUnavailable);
    await smtp.waitFor((m) => subjectOf(m) === subject.replace('4 ×', '1 ×'));
    expect(smtp.messages.filter((m) => subjectOf(m).includes('"Old login"'))).toHaveLength(2);
    expect(await connectionAuthAlerts(asMe, `paytrace:${connection.id}`)).toHaveLength(2);
  });

  it('raises it when PayTrace keeps refusing tokens (the sandbox fault), after the client has tried a new one', async () => {
    const { createPayTraceConnection: connection } = await asMe(
      'mutation { createPayTraceConnection(input: { environment: sandbox, name: "Revoked", pollIntervalSeconds: 3600 }) { id } }',
    );
    const merchant = await sandboxMerchantOf(t, me.tenantId, connection.id);
    await merchant.faults({ invalid_token_rate: 1 });
    try {
      await expect(t.app.get(ChangeFeedService).poll(me.tenantId, connection.id)).rejects.toThrow(PayTraceUnavailable);
      const mail = await smtp.waitFor((m) => subjectOf(m).includes('connection "Revoked"'));
      expect(subjectOf(mail)).toMatch(/^\[Settle\] [12] × connection auth: PayTrace refused the login of connection "Revoked"/);
      expect(mail.text).toContain('poll: PayTrace refused the API username or password. (invalid_token)');
    } finally {
      await merchant.faults({});
    }
  });
});

describe('Sage Pro refusing the connector’s password', () => {
  let tenant: PipelineTenant;

  beforeAll(async () => {
    tenant = await pipelineTenant(t, 'Foxtrot Foods');
  }, 60_000);

  afterAll(async () => {
    await tenant?.close();
  });

  it('dead-letters the payments it could not write and raises one alert for the connection', async () => {
    const secret = await alertOnConnectionAuth(tenant.gql, 'ops@foxtrot.test', '/foxtrot');
    const invoices = await freshInvoices(tenant, 3);
    // The sandbox has no switch for a wrong password: the tenant's connector pool is replaced by one that
    // logs in with a wrong one, as if the SQL login's password had been changed on the server.
    const access = await t.app.get(SandboxService).sageProSandbox(tenant.tenantId);
    const database = withDatabase(t.db.adminUrl, sageProSandboxDatabase(t.config.SAGEPRO_SANDBOX_DATABASE, tenant.tenantId));
    const wrongPool = new pg.Pool({ connectionString: throughProxy(database, access.proxy, WRONG_PASSWORD), max: 2 });
    wrongPool.on('error', () => undefined);
    const connector = access as unknown as { pool: pg.Pool };
    const realPool = connector.pool;
    connector.pool = wrongPool;
    const refusedEvents: string[] = [];
    try {
      const sales = [];
      for (const invoice of invoices) sales.push(await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno }));
      await tenant.poll();
      for (const sale of sales) {
        const event = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'dead');
        expect(event.last_error).toMatch(/Sage Pro refused the login: password authentication failed for user "sagepro_user"/);
        refusedEvents.push(event.id);
      }
    } finally {
      connector.pool = realPool;
      await wrongPool.end();
    }

    const subject = '[Settle] 3 × connection auth: Sage Pro refused the login of connection "Sage Pro sandbox": check its credentials in Settle';
    const mail = await smtp.waitFor((m) => m.to.includes('ops@foxtrot.test') && subjectOf(m).includes('connection auth'));
    expect(subjectOf(mail)).toBe(subject);
    expect(mail.text).toContain('writing to Sage Pro: Sage Pro refused the login: password authentication failed');
    expect(mail.text).not.toContain(WRONG_PASSWORD);
    await eventually(async () => expect(receiver.posts.filter((p) => p.path === '/foxtrot')).toHaveLength(1), 10_000);
    const post = receiver.posts.find((p) => p.path === '/foxtrot')!;
    expect((new Webhook(secret).verify(post.body, post.headers as Record<string, string>) as { text: string }).text).toBe(subject);

    const [alert] = await connectionAuthAlerts(tenant.gql, `sagepro:${tenant.sageProConnectionId}`);
    expect(alert.occurrences).toBe(3);
    expect(alert.samples.map((s: { eventId: string }) => s.eventId).sort()).toEqual(refusedEvents.sort());
    const { deadLetters } = await tenant.gql('{ deadLetters(first: 10) { nodes { errorCode } } }');
    expect(deadLetters.nodes.map((n: { errorCode: string }) => n.errorCode)).toEqual(['login_failed', 'login_failed', 'login_failed']);
  });
});
