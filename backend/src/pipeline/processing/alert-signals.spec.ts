import { describe, expect, it } from 'vitest';
import { normaliseSignal } from '../../monitoring/alerts/alert-signal.js';
import type { PaymentEvent } from '../events/settle-event.js';
import { alertSignalsFor, sageProLoginFailures } from './alert-signals.js';
import type { ClaimedEvent, DeadLetterRecord, DisputeRecord, EventResult } from './event-result.js';

const payment = (type: PaymentEvent['type'], transactionId = '123456789'): PaymentEvent => ({
  type,
  transactionId,
  amountMinor: 10_000,
  currency: 'USD',
  occurredAt: '2026-10-15T17:20:00.000Z',
  method: 'card',
  documentNumber: '1001',
});

const claimed = (id: string, type: PaymentEvent['type'], extra: Partial<ClaimedEvent> = {}): ClaimedEvent => ({
  id,
  integrationId: '7b7c1c2e-59a4-4a36-9a43-0d1f7d3f0b10',
  source: 'paytrace',
  type,
  paymentKey: 'pt:123456789',
  documentNumber: '1001',
  correlationId: `corr-${id}`,
  event: payment(type),
  attempt: 1,
  receivedAt: new Date('2026-10-15T17:20:05Z'),
  ...extra,
});

const dead = (event: ClaimedEvent, deadLetter: DeadLetterRecord): EventResult => ({ event, steps: [], effects: [], state: 'dead', outcome: {}, deadLetter });
const done = (event: ClaimedEvent, extra: { dispute?: DisputeRecord } = {}): EventResult => ({
  event,
  steps: [],
  effects: [],
  state: 'done',
  outcome: {},
  ...extra,
});

const exhausted: DeadLetterRecord = { cause: 'exhausted', errorCode: 'server_unavailable', reason: 'Gave up after 8 attempts. Last error: server_unavailable: Sage Pro is down' };
const tooLong: DeadLetterRecord = { cause: 'validation', errorCode: 'validation', reason: 'arcash.refno "PT…" breaks char(20)', field: 'arcash.refno' };
const dispute: DisputeRecord = { paymentKey: 'pt:123456900', originalPaymentKey: 'pt:123456789', invno: '1001', amountMinor: 10_000, currency: 'USD', reason: 'Fraud - card absent' };

describe('alertSignalsFor', () => {
  it('a dead letter raises one dead-letter alert grouped by cause and error code', () => {
    expect(alertSignalsFor(dead(claimed('evt-1', 'payment.approved'), exhausted))).toEqual([
      {
        kind: 'dead_letter',
        groupKey: 'exhausted:server_unavailable',
        summary: 'Events could not be synced to Sage Pro (server_unavailable): Gave up after 8 attempts. Last error: server_unavailable: Sage Pro is down',
        sample: { eventId: 'evt-1', detail: '1001' },
      },
    ]);
  });

  it("an event that kept killing its worker: a dead-letter alert of its own group saying the other payments go on", () => {
    const crashed: DeadLetterRecord = { cause: 'worker_crashed', errorCode: 'worker_crashed', reason: 'Every attempt (3) ended with the worker processing it gone' };
    const [signal] = alertSignalsFor(dead(claimed('evt-9', 'payment.approved'), crashed));
    expect(signal).toMatchObject({ kind: 'dead_letter', groupKey: 'worker_crashed:worker_crashed', sample: { eventId: 'evt-9' } });
    expect(signal.summary).toMatch(/stopped the worker .* so other payments go on/);
  });

  it('a validation dead letter also raises a validation alert grouped by the field', () => {
    const signals = alertSignalsFor(dead(claimed('evt-2', 'payment.approved'), tooLong));
    expect(signals.map((s) => [s.kind, s.groupKey])).toEqual([
      ['dead_letter', 'validation:validation'],
      ['validation_failure', 'field:arcash.refno'],
    ]);
    expect(signals[1].summary).toBe('Sage Pro refused arcash.refno: arcash.refno "PT…" breaks char(20)');
  });

  it('a posting account nobody chose is told as such, with where to choose it', () => {
    const reason = 'No cash account is chosen for the Sage Pro connection "Main": choose the cash account in Connections → Main → Posting, then replay these dead letters.';
    const signals = alertSignalsFor(dead(claimed('evt-9', 'payment.approved'), { cause: 'validation', errorCode: 'validation', reason, field: 'gl.cash' }));
    expect(signals[0].summary).toContain('choose the cash account in Connections → Main → Posting');
    expect(signals[1]).toMatchObject({ kind: 'validation_failure', groupKey: 'field:gl.cash', summary: `Settle has no cash account to post to: ${reason}` });
  });

  it('a validation dead letter without a field groups under field:unknown', () => {
    const signals = alertSignalsFor(dead(claimed('evt-3', 'payment.approved'), { cause: 'validation', errorCode: 'validation', reason: 'Sage Pro refused a value' }));
    expect(signals[1]).toMatchObject({ kind: 'validation_failure', groupKey: 'field:unknown', summary: 'Sage Pro refused a field: Sage Pro refused a value' });
  });

  it('a permanent dead letter is grouped apart from exhausted retries', () => {
    const [signal] = alertSignalsFor(dead(claimed('evt-4', 'payment.approved'), { cause: 'permanent', errorCode: 'credit_hold', reason: 'ACM100 is on credit hold' }));
    expect(signal).toMatchObject({ kind: 'dead_letter', groupKey: 'permanent:credit_hold' });
  });

  it('a finished decline raises a declined alert', () => {
    expect(alertSignalsFor(done(claimed('evt-5', 'payment.declined')))).toEqual([
      { kind: 'payment_declined', groupKey: 'declined', summary: 'Payments were declined; the invoices are marked Payment Failed', sample: { eventId: 'evt-5', detail: '1001' } },
    ]);
  });

  it("a flow whose notify step leaves declines out raises no declined alert; one naming them, or none known, does", () => {
    const result = done(claimed('evt-5', 'payment.declined'));
    expect(alertSignalsFor({ ...result, notifyOn: ['charged_back'] })).toEqual([]);
    expect(alertSignalsFor({ ...result, notifyOn: ['declined'] })).toHaveLength(1);
    const chargeback = done(claimed('evt-6', 'payment.charged_back', { event: payment('payment.charged_back', '123456900') }), { dispute });
    expect(alertSignalsFor({ ...chargeback, notifyOn: [] })).toEqual([]);
  });

  it('a finished chargeback with its dispute raises a chargeback alert', () => {
    const result = done(claimed('evt-6', 'payment.charged_back', { event: payment('payment.charged_back', '123456900') }), { dispute });
    expect(alertSignalsFor(result)).toEqual([
      { kind: 'chargeback', groupKey: 'chargeback', summary: 'A chargeback was recorded and its receipt reversed', sample: { eventId: 'evt-6', detail: '1001' } },
    ]);
  });

  it('an applied payment, a settlement, a review and a retry say nothing', () => {
    const event = claimed('evt-7', 'payment.approved');
    expect(alertSignalsFor(done(event))).toEqual([]);
    expect(alertSignalsFor({ event, steps: [], effects: [], state: 'ignored', outcome: {} })).toEqual([]);
    expect(
      alertSignalsFor({ event, steps: [], effects: [], state: 'manual_review', outcome: {}, review: { reason: 'invoice_not_found', detail: { documentNumber: '1001' } } }),
    ).toEqual([]);
    expect(alertSignalsFor({ event, steps: [], effects: [], state: 'queued', retryAt: new Date('2026-10-15T17:21:00Z'), error: 'timeout: Sage Pro' })).toEqual([]);
  });

  it('a decline that was not finished (still queued) raises no declined alert yet', () => {
    const event = claimed('evt-8', 'payment.declined');
    expect(alertSignalsFor({ event, steps: [], effects: [], state: 'queued', retryAt: new Date('2026-10-15T17:21:00Z'), error: 'timeout: Sage Pro' })).toEqual([]);
  });

  it('group keys name the problem, not the event: a burst of the same failure groups into one alert', () => {
    const burst = ['evt-10', 'evt-11', 'evt-12'].map((id, i) =>
      alertSignalsFor(dead(claimed(id, 'payment.approved', { paymentKey: `pt:12345678${i}`, documentNumber: `100${i}` }), tooLong)),
    );
    const keys = new Set(burst.flat().map((s) => `${s.kind}|${s.groupKey}`));
    expect(keys).toEqual(new Set(['dead_letter|validation:validation', 'validation_failure|field:arcash.refno']));
    for (const signal of burst.flat()) {
      expect(signal.groupKey).not.toMatch(/evt-|1000|1001|1002|pt:/);
    }
    expect(burst.map((signals) => signals[0].sample?.eventId)).toEqual(['evt-10', 'evt-11', 'evt-12']);
  });

  it('the sample falls back to the payment key when there is no document number, and to nothing after that', () => {
    const [byKey] = alertSignalsFor(dead(claimed('evt-13', 'payment.approved', { documentNumber: null }), exhausted));
    expect(byKey.sample).toEqual({ eventId: 'evt-13', detail: 'pt:123456789' });
    const [bare] = alertSignalsFor(dead(claimed('evt-14', 'payment.approved', { documentNumber: null, paymentKey: null }), exhausted));
    expect(bare.sample).toEqual({ eventId: 'evt-14', detail: undefined });
  });

  it('every signal is one the alerts table accepts', () => {
    const results = [
      dead(claimed('evt-15', 'payment.approved'), tooLong),
      done(claimed('evt-16', 'payment.declined')),
      done(claimed('evt-17', 'payment.charged_back'), { dispute }),
    ];
    const signals = results.flatMap(alertSignalsFor);
    expect(signals).toHaveLength(4);
    for (const signal of signals) expect(normaliseSignal(signal, new Date('2026-10-15T17:30:00Z'))).not.toBeNull();
  });
});

describe('sageProLoginFailures', () => {
  const refused: DeadLetterRecord = { cause: 'permanent', errorCode: 'login_failed', reason: 'Sage Pro refused the login: password authentication failed for user "sagepro_user"' };

  it('picks the events Sage Pro refused to log in for, with their integration', () => {
    const results = [
      dead(claimed('evt-20', 'payment.approved'), refused),
      dead(claimed('evt-21', 'payment.approved'), exhausted),
      done(claimed('evt-22', 'payment.approved')),
      dead(claimed('evt-23', 'payment.refunded'), refused),
    ];
    expect(sageProLoginFailures(results)).toEqual([
      { eventId: 'evt-20', integrationId: '7b7c1c2e-59a4-4a36-9a43-0d1f7d3f0b10', reason: refused.reason },
      { eventId: 'evt-23', integrationId: '7b7c1c2e-59a4-4a36-9a43-0d1f7d3f0b10', reason: refused.reason },
    ]);
  });

  it('leaves out events without an integration, and any other failure', () => {
    expect(sageProLoginFailures([dead(claimed('evt-24', 'payment.approved', { integrationId: null }), refused)])).toEqual([]);
    expect(sageProLoginFailures([dead(claimed('evt-25', 'payment.approved'), { cause: 'permanent', errorCode: 'permission_denied', reason: 'read-only' })])).toEqual([]);
  });

  it('still raises the dead-letter alert for such an event, grouped by its error code', () => {
    expect(alertSignalsFor(dead(claimed('evt-26', 'payment.approved'), refused))[0]).toMatchObject({ kind: 'dead_letter', groupKey: 'permanent:login_failed' });
  });
});
