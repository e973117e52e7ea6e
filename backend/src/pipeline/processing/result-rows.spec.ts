import { describe, expect, it } from 'vitest';
import type { ClaimedEvent, EventResult } from './event-result.js';
import { effectColumns, stateColumns, stepColumns } from './result-rows.js';

const AT = new Date('2026-11-26T10:00:00.000Z');
const claimed = (id: string, attempt = 1): ClaimedEvent => ({
  id, integrationId: null, source: 'partner', type: 'payment.approved', paymentKey: null, documentNumber: null, correlationId: `c-${id}`,
  event: {} as ClaimedEvent['event'], attempt, receivedAt: AT,
});

describe('stateColumns', () => {
  it('a finished event: its state and outcome, completed, no retry time, its claimed attempt as the fence', () => {
    const c = stateColumns([{ event: claimed('e1', 3), steps: [], effects: [], state: 'done', outcome: { receipt: 'PT1' }, flow: { versionId: 'v-3', number: 3 } }]);
    expect(c).toEqual({ id: ['e1'], attempt: [3], state: ['done'], retryAt: [null], uncount: [0], final: [true], lastError: [null], outcome: ['{"receipt":"PT1"}'], flowVersionId: ['v-3'], flowVersion: [3] });
  });

  it('an attempt that reached no flow (no integration) leaves the version the row has: null columns', () => {
    const c = stateColumns([{ event: claimed('e1'), steps: [], effects: [], state: 'ignored', outcome: {} }]);
    expect([c.flowVersionId, c.flowVersion]).toEqual([[null], [null]]);
  });

  it('a dead letter keeps its reason (cut to 1,000 characters) as the last error', () => {
    const reason = 'x'.repeat(1_200);
    const c = stateColumns([{ event: claimed('e1'), steps: [], effects: [], state: 'dead', outcome: { deadLetter: 'validation' }, deadLetter: { cause: 'validation', errorCode: 'validation', reason } }]);
    expect(c.lastError[0]).toHaveLength(1_000);
    expect(c.final).toEqual([true]);
  });

  it('a retry: queued again at its time with its error and no outcome; a wait gives its attempt back', () => {
    const retryAt = new Date(AT.getTime() + 5_000);
    const results: EventResult[] = [
      { event: claimed('e1', 2), steps: [], effects: [], state: 'queued', retryAt, error: 'Sage Pro is down' },
      { event: claimed('e2', 1), steps: [], effects: [], state: 'waiting', retryAt, why: 'its sale has not arrived yet' },
    ];
    const c = stateColumns(results);
    expect(c.state).toEqual(['queued', 'waiting']);
    expect(c.retryAt).toEqual([retryAt, retryAt]);
    expect(c.uncount).toEqual([0, 1]);
    expect(c.final).toEqual([false, false]);
    expect(c.lastError).toEqual(['Sage Pro is down', null]);
    expect(c.outcome).toEqual([null, '{"waiting":"its sale has not arrived yet"}']);
  });
});

describe('stateColumns of held events (a paused integration)', () => {
  const held = (id: string, integrationId: string | null): EventResult => ({
    event: { ...claimed(id, 1), integrationId }, steps: [], effects: [], state: 'paused', why: 'its integration is paused',
  });

  it('still paused: held, not final, the attempt given back, next_attempt_at kept (its place in line)', () => {
    const c = stateColumns([held('e1', 'i-1')], new Map([['i-1', false]]));
    expect(c).toEqual({ id: ['e1'], attempt: [1], state: ['paused'], retryAt: [null], uncount: [1], final: [false], lastError: [null], outcome: ['{"paused":"its integration is paused"}'], flowVersionId: [null], flowVersion: [null] });
  });

  it('resumed meanwhile: queued again in its place, not an attempt; deleted meanwhile: ignored', () => {
    const c = stateColumns([held('e1', 'i-1'), held('e2', 'i-2')], new Map([['i-1', true]]));
    expect(c.state).toEqual(['queued', 'ignored']);
    expect(c.uncount).toEqual([1, 0]);
    expect(c.final).toEqual([false, true]);
    expect(c.retryAt).toEqual([null, null]);
    expect(c.outcome[0]).toBeNull();
  });
});

describe('stepColumns and effectColumns', () => {
  it('one row per step and per effect, in order, under their event and attempt', () => {
    const result: EventResult = {
      event: claimed('e1', 2),
      steps: [
        { step: 'matched', outcome: 'ok', startedAt: AT, durationMs: 3.6, rule: 'invoice_number', detail: { invno: '1001' } },
        { step: 'decided', outcome: 'ok', startedAt: AT, durationMs: 0 },
      ],
      effects: [
        { sageProConnectionId: 'sp1', kind: 'receipt', reference: 'PT1', paymentKey: 'pt:1', invno: '1001', custno: 'ACM100', amountMinor: 9_007_199_254_740_991, currency: 'USD', writeOutcome: 'Applied', records: { lines: 1 } },
        { sageProConnectionId: 'sp1', kind: 'payment_status', reference: 'PT1:paid', invno: '1001', writeOutcome: 'AlreadyApplied', records: undefined },
      ],
      state: 'done',
      outcome: {},
    };
    const steps = stepColumns([result]);
    expect(steps).toEqual({
      eventId: ['e1', 'e1'], attempt: [2, 2], step: ['matched', 'decided'], outcome: ['ok', 'ok'], startedAt: [AT, AT], durationMs: [4, 0],
      rule: ['invoice_number', null], detail: ['{"invno":"1001"}', '{}'],
    });
    const effects = effectColumns([result]);
    expect(effects.kind).toEqual(['receipt', 'payment_status']);
    expect(effects.amountMinor).toEqual(['9007199254740991', null]);
    expect(effects.paymentKey).toEqual(['pt:1', null]);
    expect(effects.sono).toEqual([null, null]);
    expect(effects.records).toEqual(['{"lines":1}', '{}']);
    // Each effect names the flow version that wrote it: here none (default columns).
    expect(effects.flowVersion).toEqual([null, null]);
    expect(effectColumns([{ ...result, flow: { versionId: null, number: 0 } }]).flowVersion).toEqual([0, 0]);
  });
});
