/**
 * Alerts: signals grouped into one alert per (rule, group) and delivered once after the grouping
 * window (1 s here) by email (a local SMTP sink) and by a Slack-compatible webhook signed per Standard
 * Webhooks (a local HTTP receiver); failing channels recorded; the time-based rules over the inbox and
 * manual reviews; one tenant never seeing another's channels, rules or alerts; and webhook URLs kept
 * encrypted at rest, old plaintext ones sealed, through a master key rotation.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertEvaluator } from '../../backend/src/monitoring/alerts/alert-evaluator.service.js';
import type { AlertKind, AlertSignal } from '../../backend/src/monitoring/alerts/alert-signal.js';
import { AlertTargetSealer } from '../../backend/src/monitoring/alerts/alert-target-sealer.service.js';
import { AlertsService } from '../../backend/src/monitoring/alerts/alerts.service.js';
import { PrismaService } from '../../backend/src/platform/database/prisma.service.js';
import { TenantContext } from '../../backend/src/platform/database/tenant-context.js';
import { rotateMasterKey } from '../../backend/src/platform/secrets/rotate.js';
import { SecretVault } from '../../backend/src/platform/secrets/secret-vault.service.js';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { type Receiver, startReceiver, subjectOf } from './alert-receivers.js';

const CHANNEL = 'id kind name target enabled createdAt';
const RULE = 'id kind enabled thresholdPercent windowMinutes waitMinutes';
const ALERT = 'id kind groupKey summary occurrences firstAt lastAt deliveredAt delivery { channelId ok error at } samples { eventId detail at }';

let t: TestApp;
let smtp: SmtpSink;
let receiver: Receiver;
let admin: pg.Client;
let alerts: AlertsService;
const a = { token: '', tenantId: '', readKey: '' };
const b = { token: '', tenantId: '' };

const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code;
const fieldOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.field;

function dataOf(res: GqlResponse) {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

const ok = async (token: string, query: string, variables?: Record<string, unknown>) => dataOf(await t.gql(query, variables, { token }));

async function signUp(companyName: string, email: string) {
  const { signUp } = await ok('', 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', {
    i: { companyName, email, password: 'correct-horse-battery' },
  });
  return { token: signUp.accessToken as string, tenantId: signUp.me.tenant.id as string };
}

const createChannel = (token: string, input: Record<string, unknown>) =>
  t.gql(`mutation($i: CreateAlertChannelInput!) { createAlertChannel(input: $i) { channel { ${CHANNEL} } secret } }`, { i: input }, { token });

const upsertRule = (token: string, input: Record<string, unknown>) =>
  t.gql(`mutation($i: UpsertAlertRuleInput!) { upsertAlertRule(input: $i) { ${RULE} } }`, { i: input }, { token });

async function alertsOf(token: string, first = 100) {
  return (await ok(token, `query($f: Int) { alerts(first: $f) { nodes { ${ALERT} } pageInfo { endCursor hasNextPage } } }`, { f: first })).alerts;
}

const signal = (kind: AlertKind, groupKey: string, summary: string, eventId?: string): AlertSignal => ({
  kind,
  groupKey,
  summary,
  ...(eventId ? { sample: { eventId, detail: 'connect ECONNREFUSED' } } : {}),
});

/** A row in inbox_events with just its NOT NULL columns (and what the evaluator reads). */
async function inboxEvent(tenantId: string, state: string, attempts: number, receivedMinutesAgo = 0): Promise<string> {
  const { rows } = await admin.query(
    `INSERT INTO inbox_events (tenant_id, source, external_id, type, correlation_id, event, payload, state, attempts, received_at)
     VALUES ($1, 'paytrace', gen_random_uuid()::text, 'payment.approved', gen_random_uuid()::text, '{}', '{}', $2, $3, now() - make_interval(mins => $4))
     RETURNING id`,
    [tenantId, state, attempts, receivedMinutesAgo],
  );
  return rows[0].id;
}

/** The scheduled evaluation (every minute) sees all of a fixture or none of it. */
async function inTransaction(fill: () => Promise<void>): Promise<void> {
  await admin.query('BEGIN');
  try {
    await fill();
    await admin.query('COMMIT');
  } catch (error) {
    await admin.query('ROLLBACK');
    throw error;
  }
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startReceiver();
  t = await startTestApp({ ALERT_GROUP_WINDOW_SECONDS: '1', SMTP_URL: smtp.url });
  admin = new pg.Client({ connectionString: t.db.adminUrl });
  await admin.connect();
  alerts = t.app.get(AlertsService);
  Object.assign(a, await signUp('Alpha Traders', 'owner@alpha.test'));
  Object.assign(b, await signUp('Bravo Books', 'owner@bravo.test'));
  a.readKey = (await ok(a.token, 'mutation { createApiKey(input: { name: "read", scopes: [read] }) { secret } }')).createApiKey.secret;
});

afterAll(async () => {
  await admin?.end();
  await t?.close();
  await smtp?.close();
  await receiver?.close();
});

describe('alerts', () => {
  let webhookSecret: string;
  let emailChannelId: string;
  let okChannelId: string;

  it('creates channels: email validated as an address, webhooks as http(s) URLs with a signing secret shown once', async () => {
    const badEmail = await createChannel(a.token, { kind: 'email', name: 'Ops', target: 'not-an-address' });
    expect([codeOf(badEmail), fieldOf(badEmail)]).toEqual(['BAD_USER_INPUT', 'target']);
    const badUrl = await createChannel(a.token, { kind: 'webhook', name: 'Slack', target: 'ftp://files.test/hook' });
    expect([codeOf(badUrl), fieldOf(badUrl)]).toEqual(['BAD_USER_INPUT', 'target']);

    const email = (await createChannel(a.token, { kind: 'email', name: 'Ops', target: 'Ops@Alpha.test' })).body.data.createAlertChannel;
    expect(email).toMatchObject({ channel: { kind: 'email', name: 'Ops', target: 'ops@alpha.test', enabled: true }, secret: null });
    const hook = (await createChannel(a.token, { kind: 'webhook', name: 'Slack', target: `${receiver.url}/ok` })).body.data.createAlertChannel;
    expect(hook.secret).toMatch(/^whsec_/);
    emailChannelId = email.channel.id;
    okChannelId = hook.channel.id;
    webhookSecret = hook.secret;

    const { alertChannels } = await ok(a.token, `{ alertChannels { ${CHANNEL} } }`);
    expect(alertChannels.map((c: { id: string }) => c.id)).toEqual([emailChannelId, okChannelId]);
    expect(JSON.stringify(alertChannels)).not.toContain('whsec_');
    const [stored] = (await admin.query('SELECT * FROM alert_channels WHERE id = $1', [okChannelId])).rows;
    expect(stored.secret_ciphertext).toMatch(/^v1:/);
    expect(stored.secret_ciphertext).not.toContain(webhookSecret.slice(6));
    // The URL is a credential too: encrypted, with only its hint in the clear (and in the API).
    expect(stored).toMatchObject({ target: null, target_hint: `${receiver.url}/…/ok` });
    expect(stored.target_ciphertext).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain(`${receiver.url}/ok`);
    expect(alertChannels[1].target).toBe(`${receiver.url}/…/ok`);
    const [storedEmail] = (await admin.query('SELECT target, target_ciphertext FROM alert_channels WHERE id = $1', [emailChannelId])).rows;
    expect(storedEmail).toEqual({ target: 'ops@alpha.test', target_ciphertext: null });
    const [audit] = (await admin.query("SELECT details FROM audit_log WHERE action = 'alert_channel.created' AND target_id = $1", [okChannelId])).rows;
    expect(audit.details).toMatchObject({ kind: 'webhook', name: 'Slack' });
  });

  it('keeps rules one per kind, with the numbers each kind needs named when missing', async () => {
    const noThreshold = await upsertRule(a.token, { kind: 'failure_rate', enabled: true, windowMinutes: 15 });
    expect([codeOf(noThreshold), fieldOf(noThreshold)]).toEqual(['BAD_USER_INPUT', 'thresholdPercent']);
    const noWindow = await upsertRule(a.token, { kind: 'failure_rate', enabled: true, thresholdPercent: 50 });
    expect([codeOf(noWindow), fieldOf(noWindow)]).toEqual(['BAD_USER_INPUT', 'windowMinutes']);
    const noWait = await upsertRule(a.token, { kind: 'manual_review_waiting', enabled: true });
    expect([codeOf(noWait), fieldOf(noWait)]).toEqual(['BAD_USER_INPUT', 'waitMinutes']);

    const first = (await upsertRule(a.token, { kind: 'dead_letter', enabled: false })).body.data.upsertAlertRule;
    const again = (await upsertRule(a.token, { kind: 'dead_letter', enabled: true })).body.data.upsertAlertRule;
    expect(again).toMatchObject({ id: first.id, kind: 'dead_letter', enabled: true, thresholdPercent: null });
    const { alertRules } = await ok(a.token, `{ alertRules { ${RULE} } }`);
    expect(alertRules).toEqual([again]);
  });

  it('groups 25 dead letters into one alert, sent once by email and once by signed webhook, saying 25', async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => alerts.raise(a.tenantId, signal('dead_letter', 'sagepro:unreachable', 'Sage Pro unreachable', `evt-${i}`))),
    );
    const mail = await smtp.waitFor((m) => subjectOf(m).includes('dead letter'));
    expect(mail.to).toEqual(['ops@alpha.test']);
    expect(subjectOf(mail)).toBe('[Settle] 25 × dead letter: Sage Pro unreachable');
    expect(mail.text).toContain('Occurrences: 25');
    expect(mail.text).toContain(`${t.config.publicUrl}/alerts`);

    await eventually(async () => expect(receiver.posts).toHaveLength(1), 10_000);
    const post = receiver.posts[0];
    expect(post.path).toBe('/ok');
    const verified = new Webhook(webhookSecret).verify(post.body, post.headers as Record<string, string>) as { text: string; blocks: { type: string }[] };
    expect(verified.text).toBe('[Settle] 25 × dead letter: Sage Pro unreachable');
    expect(verified.blocks.length).toBeGreaterThan(1);
    expect(JSON.stringify(verified.blocks)).toContain('*Occurrences*\\n25');
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(post.body, post.headers as Record<string, string>)).toThrow();

    let alert: Record<string, any> = {};
    await eventually(async () => {
      [alert] = (await alertsOf(a.token)).nodes;
      expect(alert.delivery).toHaveLength(2);
    }, 10_000);
    expect(post.headers['webhook-id']).toBe(alert.id);
    expect(alert).toMatchObject({ kind: 'dead_letter', groupKey: 'sagepro:unreachable', summary: 'Sage Pro unreachable', occurrences: 25 });
    expect(alert.deliveredAt).not.toBeNull();
    expect(alert.samples).toHaveLength(10);
    expect(alert.delivery.map((d: { channelId: string; ok: boolean }) => [d.channelId, d.ok]).sort()).toEqual([[emailChannelId, true], [okChannelId, true]].sort());

    // Well past the window: still one email and one POST. A new occurrence opens a new alert.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(smtp.messages.filter((m) => subjectOf(m).includes('dead letter'))).toHaveLength(1);
    expect(receiver.posts).toHaveLength(1);
    await alerts.raise(a.tenantId, signal('dead_letter', 'sagepro:unreachable', 'Sage Pro unreachable', 'evt-late'));
    const late = await smtp.waitFor((m) => subjectOf(m) === '[Settle] 1 × dead letter: Sage Pro unreachable');
    expect(late.text).toContain('event evt-late');
    const { nodes } = await alertsOf(a.token);
    expect(nodes.map((n: { occurrences: number }) => n.occurrences)).toEqual([1, 25]);
  });

  it("holds each alert for its own window, even one opened during another's", async () => {
    await alerts.raise(a.tenantId, signal('dead_letter', 'paytrace:timeout', 'PayTrace did not answer'));
    await new Promise((resolve) => setTimeout(resolve, 600));
    await alerts.raise(a.tenantId, signal('dead_letter', 'sagepro:locked', 'Sage Pro record locked'));
    await smtp.waitFor((m) => subjectOf(m) === '[Settle] 1 × dead letter: PayTrace did not answer');
    await smtp.waitFor((m) => subjectOf(m) === '[Settle] 1 × dead letter: Sage Pro record locked');
    const { nodes } = await alertsOf(a.token);
    for (const groupKey of ['paytrace:timeout', 'sagepro:locked']) {
      const alert = nodes.find((n: { groupKey: string }) => n.groupKey === groupKey);
      expect(Date.parse(alert.deliveredAt) - Date.parse(alert.firstAt), groupKey).toBeGreaterThanOrEqual(1_000);
    }
  });

  it('raises nothing for a disabled rule or a kind without a rule', async () => {
    dataOf(await upsertRule(a.token, { kind: 'payment_declined', enabled: false }));
    const before = (await admin.query('SELECT count(*)::int AS n FROM alerts')).rows[0].n;
    await alerts.raise(a.tenantId, signal('payment_declined', 'declines', 'Card declined'));
    await alerts.raise(a.tenantId, signal('chargeback', 'chargebacks', 'Chargeback received'));
    await alerts.raise(b.tenantId, signal('dead_letter', 'sagepro:unreachable', 'Sage Pro unreachable'));
    expect((await admin.query('SELECT count(*)::int AS n FROM alerts')).rows[0].n).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(smtp.messages.filter((m) => /declined|chargeback/i.test(subjectOf(m)))).toHaveLength(0);
  });

  it('records a failing webhook channel as failed while the others still deliver', async () => {
    const failing = (await createChannel(a.token, { kind: 'webhook', name: 'Broken', target: `${receiver.url}/fail` })).body.data.createAlertChannel;
    dataOf(await upsertRule(a.token, { kind: 'validation_failure', enabled: true }));
    await alerts.raise(a.tenantId, signal('validation_failure', 'armast.invno', 'Sage Pro refused the invoice number'));
    await smtp.waitFor((m) => subjectOf(m) === '[Settle] 1 × validation failure: Sage Pro refused the invoice number');
    await eventually(async () => {
      const [alert] = (await alertsOf(a.token)).nodes;
      expect(alert.kind).toBe('validation_failure');
      expect(alert.delivery).toHaveLength(3);
      const byChannel = Object.fromEntries(alert.delivery.map((d: { channelId: string }) => [d.channelId, d]));
      expect(byChannel[failing.channel.id]).toMatchObject({ ok: false, error: 'HTTP 500' });
      expect(byChannel[emailChannelId]).toMatchObject({ ok: true, error: null });
      expect(byChannel[okChannelId]).toMatchObject({ ok: true });
    }, 10_000);
    expect(receiver.posts.filter((p) => p.path === '/fail')).toHaveLength(1);
    dataOf(await t.gql('mutation($id: ID!) { deleteAlertChannel(id: $id) }', { id: failing.channel.id }, { token: a.token }));
  });

  it('raises failure_rate when more than the threshold of the window’s events failed, once per window', async () => {
    dataOf(await upsertRule(a.token, { kind: 'failure_rate', enabled: true, thresholdPercent: 50, windowMinutes: 15 }));
    const evaluator = t.app.get(AlertEvaluator);
    const failureAlerts = async () => (await alertsOf(a.token)).nodes.filter((n: { kind: string }) => n.kind === 'failure_rate');
    // Old failures are outside the window; 1 of 5 recent is below 50 %.
    for (let i = 0; i < 6; i++) await inboxEvent(a.tenantId, 'dead', 5, 120);
    for (let i = 0; i < 4; i++) await inboxEvent(a.tenantId, 'done', 1);
    await inboxEvent(a.tenantId, 'dead', 5);
    await evaluator.evaluateTenant(a.tenantId);
    expect(await failureAlerts()).toEqual([]);

    // Now 11 recent: 4 dead and 2 retrying (a first failed attempt alone is not a failure yet) — 55 %.
    await inTransaction(async () => {
      for (let i = 0; i < 3; i++) await inboxEvent(a.tenantId, 'dead', 5);
      await inboxEvent(a.tenantId, 'queued', 2);
      await inboxEvent(a.tenantId, 'queued', 3);
      await inboxEvent(a.tenantId, 'queued', 1);
    });
    await evaluator.evaluateAll();
    const [alert] = await failureAlerts();
    expect(alert).toMatchObject({ groupKey: 'failure_rate', summary: '6 of 11 events failed in the last 15 min (55%, over 50%)', occurrences: 1 });
    await smtp.waitFor((m) => subjectOf(m) === '[Settle] 1 × failure rate: 6 of 11 events failed in the last 15 min (55%, over 50%)');

    await evaluator.evaluateTenant(a.tenantId);
    expect(await failureAlerts()).toHaveLength(1);
  });

  it('raises manual_review_waiting with the count of reviews open longer than the wait', async () => {
    dataOf(await upsertRule(a.token, { kind: 'manual_review_waiting', enabled: true, waitMinutes: 30 }));
    const review = async (minutesAgo: number, resolution: string | null) =>
      admin.query(
        `INSERT INTO manual_reviews (tenant_id, event_id, reason, resolution, created_at)
         VALUES ($1, $2, 'invoice_not_found', $3, now() - make_interval(mins => $4))`,
        [a.tenantId, await inboxEvent(a.tenantId, 'manual_review', 1), resolution, minutesAgo],
      );
    await review(5, null);
    await t.app.get(AlertEvaluator).evaluateTenant(a.tenantId);
    const waitingAlerts = async () => (await alertsOf(a.token)).nodes.filter((n: { kind: string }) => n.kind === 'manual_review_waiting');
    expect(await waitingAlerts()).toEqual([]);

    await inTransaction(async () => {
      await review(90, null);
      await review(45, null);
      await review(120, 'matched');
    });
    await t.app.get(AlertEvaluator).evaluateTenant(a.tenantId);
    const [alert] = await waitingAlerts();
    expect(alert.summary).toMatch(/^2 manual reviews waiting over 30 min \(oldest since .+ UTC\)$/);
    const mail = await smtp.waitFor((m) => subjectOf(m).startsWith('[Settle] 1 × manual review waiting: 2 manual reviews'));
    expect(mail.to).toEqual(['ops@alpha.test']);
  });

  it('pages alerts newest first', async () => {
    const all = (await alertsOf(a.token)).nodes;
    expect(all.length).toBeGreaterThanOrEqual(4);
    const firstPage = await alertsOf(a.token, 2);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const { alerts: next } = await ok(a.token, `query($a: String) { alerts(first: 2, after: $a) { nodes { id } } }`, { a: firstPage.pageInfo.endCursor });
    expect([...firstPage.nodes, ...next.nodes].map((n: { id: string }) => n.id)).toEqual(all.slice(0, 4).map((n: { id: string }) => n.id));
    const firstAts = all.map((n: { firstAt: string }) => Date.parse(n.firstAt));
    expect(firstAts).toEqual([...firstAts].sort((x, y) => y - x));
  });

  it("lets viewers read but not change, and keeps each tenant's channels, rules and alerts to itself", async () => {
    expect((await ok(a.readKey, `{ alertChannels { id } alertRules { id } }`)).alertChannels).toHaveLength(2);
    const refused = await createChannel(a.readKey, { kind: 'email', name: 'x', target: 'x@alpha.test' });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(codeOf(await upsertRule(a.readKey, { kind: 'chargeback', enabled: true }))).toBe('FORBIDDEN');

    const seenByB = await ok(b.token, `{ alertChannels { id } alertRules { id } alerts { nodes { id } } }`);
    expect(seenByB).toEqual({ alertChannels: [], alertRules: [], alerts: { nodes: [] } });
    const deleteChannel = await t.gql('mutation($id: ID!) { deleteAlertChannel(id: $id) }', { id: emailChannelId }, { token: b.token });
    expect(codeOf(deleteChannel)).toBe('NOT_FOUND');
    expect(codeOf(await t.gql('mutation { deleteAlertRule(kind: dead_letter) }', undefined, { token: b.token }))).toBe('NOT_FOUND');
    const badId = await t.gql('mutation { deleteAlertChannel(id: "nope") }', undefined, { token: b.token });
    expect([codeOf(badId), fieldOf(badId)]).toEqual(['BAD_USER_INPUT', 'id']);

    // B's own rule and channel raise B's alerts only.
    dataOf(await upsertRule(b.token, { kind: 'chargeback', enabled: true }));
    dataOf(await createChannel(b.token, { kind: 'email', name: 'B ops', target: 'ops@bravo.test' }));
    await alerts.raise(b.tenantId, signal('chargeback', 'chargebacks', 'Chargeback received'));
    await smtp.waitFor((m) => m.to.includes('ops@bravo.test'));
    expect((await alertsOf(b.token)).nodes.map((n: { kind: string }) => n.kind)).toEqual(['chargeback']);
    expect((await alertsOf(a.token)).nodes.some((n: { kind: string }) => n.kind === 'chargeback')).toBe(false);
    expect(smtp.messages.filter((m) => subjectOf(m).includes('chargeback')).flatMap((m) => m.to)).toEqual(['ops@bravo.test']);

    expect(await ok(a.token, 'mutation { deleteAlertRule(kind: dead_letter) }')).toEqual({ deleteAlertRule: true });
    expect((await ok(a.token, `{ alertRules { kind } }`)).alertRules.map((r: { kind: string }) => r.kind)).not.toContain('dead_letter');
  });

  it('seals webhook URLs stored in the clear before they were secrets, delivering to them before and after', async () => {
    const c = await signUp('Charlie Cables', 'owner@charlie.test');
    dataOf(await upsertRule(c.token, { kind: 'dead_letter', enabled: true }));
    // A row as it was before migration 20261126100000: the URL in `target`, no ciphertext, no hint.
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const vault = t.app.get(SecretVault);
    const secretCiphertext = await TenantContext.run({ tenantId: c.tenantId }, () => vault.encrypt(secret));
    const url = `${receiver.url}/ok?token=legacy-hook-1234`;
    const { rows } = await admin.query(
      `INSERT INTO alert_channels (tenant_id, kind, name, target, secret_ciphertext) VALUES ($1, 'webhook', 'Old Slack', $2, $3) RETURNING id`,
      [c.tenantId, url, secretCiphertext],
    );
    const channelId = rows[0].id;
    expect((await ok(c.token, `{ alertChannels { id target } }`)).alertChannels).toEqual([{ id: channelId, target: `${receiver.url}/…1234` }]);

    const postsTo = () => receiver.posts.filter((post) => post.path === '/ok?token=legacy-hook-1234');
    await alerts.raise(c.tenantId, signal('dead_letter', 'sagepro:unreachable', 'Before sealing'));
    await eventually(async () => expect(postsTo()).toHaveLength(1), 10_000);
    expect((new Webhook(secret).verify(postsTo()[0].body, postsTo()[0].headers as Record<string, string>) as { text: string }).text).toContain('Before sealing');

    const sealer = t.app.get(AlertTargetSealer);
    expect(await sealer.sealAll()).toBe(1);
    expect(await sealer.sealAll()).toBe(0);
    const [sealed] = (await admin.query('SELECT target, target_ciphertext, target_hint FROM alert_channels WHERE id = $1', [channelId])).rows;
    expect(sealed).toMatchObject({ target: null, target_hint: `${receiver.url}/…1234` });
    expect(sealed.target_ciphertext).not.toContain('legacy-hook');
    expect((await ok(c.token, `{ alertChannels { target } }`)).alertChannels).toEqual([{ target: `${receiver.url}/…1234` }]);

    await alerts.raise(c.tenantId, signal('dead_letter', 'sagepro:unreachable', 'After sealing'));
    await eventually(async () => expect(postsTo()).toHaveLength(2), 10_000);
    expect((new Webhook(secret).verify(postsTo()[1].body, postsTo()[1].headers as Record<string, string>) as { text: string }).text).toContain('After sealing');

    // npm run keys:rotate re-wraps data keys; the sealed URL stays readable under the new master key.
    const newKey = randomBytes(32);
    await rotateMasterKey({ adminDatabaseUrl: t.db.adminUrl, currentKey: t.config.masterKey, newKey });
    const rotatedVault = new SecretVault({ ...t.config, masterKey: newKey }, t.app.get(PrismaService));
    expect(await TenantContext.run({ tenantId: c.tenantId }, () => rotatedVault.decrypt(sealed.target_ciphertext))).toBe(url);
  });
});
