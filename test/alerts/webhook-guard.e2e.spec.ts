/**
 * The SSRF guard of alert webhooks, with ALERT_WEBHOOK_ALLOW_PRIVATE off as in production: a target
 * that is a loopback, private, link-local or metadata address is refused when the channel is created,
 * and a name that resolves to one (this machine's host name, from /etc/hosts) is refused when the
 * alert is sent, with a receiver really listening there that never gets the POST.
 */
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertsService } from '../../backend/src/monitoring/alerts/alerts.service.js';
import { isPublicAddress } from '../../backend/src/platform/egress/index.js';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { type Receiver, startReceiver, subjectOf } from './alert-receivers.js';

let t: TestApp;
let smtp: SmtpSink;
let receiver: Receiver;
let token = '';
let tenantId = '';

const createChannel = (input: Record<string, unknown>) =>
  t.gql(`mutation($i: CreateAlertChannelInput!) { createAlertChannel(input: $i) { channel { id target } secret } }`, { i: input }, { token });

function dataOf(res: GqlResponse) {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  // On every interface: reachable through this machine's host name, whatever address that names.
  receiver = await startReceiver('::');
  t = await startTestApp({ ALERT_GROUP_WINDOW_SECONDS: '1', SMTP_URL: smtp.url, ALERT_WEBHOOK_ALLOW_PRIVATE: 'false' });
  const { signUp } = dataOf(
    await t.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', {
      i: { companyName: 'Delta Dynamics', email: 'owner@delta.test', password: 'correct-horse-battery' },
    }),
  );
  token = signUp.accessToken;
  tenantId = signUp.me.tenant.id;
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await receiver?.close();
});

describe('alert webhook targets without private addresses', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.5/hook',
    'http://192.168.1.20/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://2130706433/hook',
    'http://localhost:8080/hook',
    'https://admin.localhost/hook',
  ])('refuses %s when the channel is created, naming the target', async (target) => {
    const res = await createChannel({ kind: 'webhook', name: 'Internal', target });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'target' });
    expect(res.body.errors?.[0]?.message).toBe('target: must be a public address, not a loopback, private or link-local one');
  });

  it('takes a public name as typed: what it resolves to is checked when sending', async () => {
    const { createAlertChannel } = dataOf(await createChannel({ kind: 'webhook', name: 'Slack', target: 'https://hooks.slack.test/services/T0/B0/abcd1234' }));
    expect(createAlertChannel.channel.target).toBe('https://hooks.slack.test/…1234');
    dataOf(await t.gql('mutation($id: ID!) { deleteAlertChannel(id: $id) }', { id: createAlertChannel.channel.id }, { token }));
  });

  it('refuses to send to a name that resolves to a loopback address, and still sends by email', async () => {
    const host = hostname();
    const addresses = await lookup(host, { all: true });
    // The premise: this machine's name resolves (here through /etc/hosts) to no public address.
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((entry) => isPublicAddress(entry.address))).toEqual([]);

    const hook = dataOf(await createChannel({ kind: 'webhook', name: 'Rebound', target: `http://${host}:${receiver.port}/ok` })).createAlertChannel;
    const email = dataOf(await createChannel({ kind: 'email', name: 'Ops', target: 'ops@delta.test' })).createAlertChannel;
    dataOf(await t.gql('mutation { upsertAlertRule(input: { kind: dead_letter, enabled: true }) { id } }', undefined, { token }));
    await t.app.get(AlertsService).raise(tenantId, { kind: 'dead_letter', groupKey: 'sagepro:unreachable', summary: 'Sage Pro unreachable' });

    await smtp.waitFor((m) => subjectOf(m) === '[Settle] 1 × dead letter: Sage Pro unreachable');
    let delivery: { channelId: string; ok: boolean; error: string | null }[] = [];
    await eventually(async () => {
      const { alerts } = dataOf(await t.gql('{ alerts { nodes { delivery { channelId ok error } } } }', undefined, { token }));
      delivery = alerts.nodes[0].delivery;
      expect(delivery).toHaveLength(2);
    }, 10_000);
    const byChannel = Object.fromEntries(delivery.map((d) => [d.channelId, d]));
    expect(byChannel[email.channel.id]).toMatchObject({ ok: true, error: null });
    expect(byChannel[hook.channel.id]).toEqual({
      channelId: hook.channel.id,
      ok: false,
      error: `refused: ${host} is not a public address (ALERT_WEBHOOK_ALLOW_PRIVATE is off)`,
    });
    expect(receiver.posts).toEqual([]);
  });
});
