import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PermanentSageProError, TransientSageProError } from '../../sagepro/errors.js';
import { errorDetail, Timeline } from './timeline.js';

const START = new Date('2026-10-15T17:20:00.000Z');

/** Work that takes `ms` of (fake) clock time before it answers. */
const taking = <T>(ms: number, answer: () => T) => async () => {
  vi.setSystemTime(Date.now() + ms);
  return answer();
};

describe('Timeline', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('records a step with its start, duration, rule and detail, and returns the work’s value', async () => {
    const timeline = new Timeline();
    const found = await timeline.step(
      'match_invoice',
      taking(240, () => ({ invno: '1001', rule: 'invoice_number' })),
      (value) => ({ rule: value.rule, detail: { invno: value.invno } }),
    );
    expect(found).toEqual({ invno: '1001', rule: 'invoice_number' });
    expect(timeline.steps).toEqual([
      { step: 'match_invoice', outcome: 'ok', startedAt: START, durationMs: 240, rule: 'invoice_number', detail: { invno: '1001' } },
    ]);
  });

  it('a step without a description records an empty detail and no rule', async () => {
    const timeline = new Timeline();
    await timeline.step('load_customer', taking(15, () => 'ACM100'));
    expect(timeline.steps).toEqual([{ step: 'load_customer', outcome: 'ok', startedAt: START, durationMs: 15, rule: undefined, detail: {} }]);
  });

  it('keeps steps in the order they ran, each with its own duration', async () => {
    const timeline = new Timeline();
    await timeline.step('match_invoice', taking(100, () => null));
    await timeline.step('apply_payment', taking(350, () => null));
    await timeline.step('record_status', taking(0, () => null));
    expect(timeline.steps.map((s) => [s.step, s.startedAt.toISOString(), s.durationMs])).toEqual([
      ['match_invoice', '2026-10-15T17:20:00.000Z', 100],
      ['apply_payment', '2026-10-15T17:20:00.100Z', 350],
      ['record_status', '2026-10-15T17:20:00.450Z', 0],
    ]);
  });

  it('a failing step is recorded with its error and the same error is rethrown', async () => {
    const timeline = new Timeline();
    const error = new PermanentSageProError('validation', 'arcash.refno "PT…" breaks char(20)', 'arcash.refno');
    const failing = taking(80, () => {
      throw error;
    });
    await expect(timeline.step('apply_payment', failing, () => ({ rule: 'never described' }))).rejects.toBe(error);
    expect(timeline.steps).toEqual([
      {
        step: 'apply_payment',
        outcome: 'error',
        startedAt: START,
        durationMs: 80,
        detail: { error: 'PermanentSageProError', message: 'arcash.refno "PT…" breaks char(20)', kind: 'validation', field: 'arcash.refno' },
      },
    ]);
  });

  it('steps recorded before a failure stay on the timeline', async () => {
    const timeline = new Timeline();
    await timeline.step('match_invoice', taking(10, () => null));
    await expect(timeline.step('apply_payment', taking(20, () => Promise.reject(new TransientSageProError('timeout', 'Sage Pro: timeout'))))).rejects.toThrow(
      'Sage Pro: timeout',
    );
    expect(timeline.steps.map((s) => [s.step, s.outcome])).toEqual([
      ['match_invoice', 'ok'],
      ['apply_payment', 'error'],
    ]);
    expect(timeline.steps[1].detail).toEqual({ error: 'TransientSageProError', message: 'Sage Pro: timeout', kind: 'timeout' });
  });

  it('note records a step that did no timed work, ok unless told otherwise', () => {
    const timeline = new Timeline();
    timeline.note('received', { source: 'paytrace' });
    timeline.note('apply_status', { why: 'no status codes configured' }, 'status_codes', 'skipped');
    timeline.note('done');
    expect(timeline.steps).toEqual([
      { step: 'received', outcome: 'ok', startedAt: START, durationMs: 0, rule: undefined, detail: { source: 'paytrace' } },
      { step: 'apply_status', outcome: 'skipped', startedAt: START, durationMs: 0, rule: 'status_codes', detail: { why: 'no status codes configured' } },
      { step: 'done', outcome: 'ok', startedAt: START, durationMs: 0, rule: undefined, detail: {} },
    ]);
  });
});

describe('errorDetail', () => {
  it('names a plain error and its message', () => {
    expect(errorDetail(new RangeError('Not a PayTrace transaction id: "x"'))).toEqual({ error: 'RangeError', message: 'Not a PayTrace transaction id: "x"' });
  });

  it('describes a thrown value that is not an Error', () => {
    expect(errorDetail('socket hang up')).toEqual({ error: 'Error', message: 'socket hang up' });
    expect(errorDetail(undefined)).toEqual({ error: 'Error', message: 'undefined' });
  });

  it('keeps at most 500 characters of the message', () => {
    const detail = errorDetail(new Error('x'.repeat(2_000)));
    expect(detail.message).toBe('x'.repeat(500));
  });
});
