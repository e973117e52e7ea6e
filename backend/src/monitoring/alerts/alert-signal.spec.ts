import { describe, expect, it } from 'vitest';
import { scrubCardNumbers, withLuhnCheckDigit } from '../../platform/card-data/card-numbers.js';
import { type AlertSignal, normaliseSignal } from './alert-signal.js';

const at = new Date('2026-11-26T10:00:00Z');

describe('alert signals', () => {
  it('stamps the sample with when it happened and keeps only what was given', () => {
    const signal: AlertSignal = { kind: 'dead_letter', groupKey: ' sagepro:unreachable ', summary: 'Sage Pro unreachable', sample: { eventId: 'e1' } };
    expect(normaliseSignal(signal, at)).toEqual({
      groupKey: 'sagepro:unreachable',
      summary: 'Sage Pro unreachable',
      samples: [{ eventId: 'e1', at: '2026-11-26T10:00:00.000Z' }],
    });
    expect(normaliseSignal({ ...signal, sample: {} }, at)?.samples).toEqual([]);
  });

  it('cuts long text to what the table keeps', () => {
    const long = normaliseSignal({ kind: 'chargeback', groupKey: 'k'.repeat(500), summary: 's'.repeat(900), sample: { detail: 'd'.repeat(5_000) } }, at)!;
    expect(long.groupKey).toHaveLength(200);
    expect(long.summary).toHaveLength(500);
    expect(long.summary.endsWith('…')).toBe(true);
    expect(long.samples[0].detail).toHaveLength(1_000);
  });

  it('stores no card number, not even one the cut would have made unrecognisable', () => {
    const stored = normaliseSignal({ kind: 'dead_letter', groupKey: 'payment:4111111111111111', summary: `${'s'.repeat(480)} 4111111111111111`, sample: { detail: 'qty 1 4111.1111.1111.1111' } }, at)!;
    expect(JSON.stringify(stored)).not.toMatch(/4111.?1111.?1111/);
    expect(stored.groupKey).toBe('payment:[card number redacted]');
  });

  it('refuses a signal with no group, no summary or an unknown kind', () => {
    expect(normaliseSignal({ kind: 'dead_letter', groupKey: ' ', summary: 'x' }, at)).toBeNull();
    expect(normaliseSignal({ kind: 'dead_letter', groupKey: 'g', summary: '' }, at)).toBeNull();
    expect(normaliseSignal({ kind: 'everything' as never, groupKey: 'g', summary: 'x' }, at)).toBeNull();
  });

  it("keeps an event's UUID whole even when its digit groups read together pass for a card number", () => {
    // Built at run time: a Visa-like Luhn-valid run spread over the UUID's middle groups (as a random UUID now and then has).
    const run = withLuhnCheckDigit(`4${'2'.repeat(14)}`);
    const eventId = `5e42590a-${run.slice(0, 4)}-${run.slice(4, 8)}-${run.slice(8, 12)}-${run.slice(12)}abcdef01`;
    expect(scrubCardNumbers(eventId)).not.toBe(eventId); // what the scrubber alone would do to it
    const normalised = normaliseSignal({ kind: 'validation_failure', groupKey: 'field:arcash.paidamt', summary: 'Sage Pro refused arcash.paidamt', sample: { eventId } }, new Date('2026-12-08T00:00:00Z'));
    expect(normalised?.samples[0].eventId).toBe(eventId);
    // An id that is not a UUID is text like the rest: scrubbed.
    expect(normaliseSignal({ kind: 'dead_letter', groupKey: 'g', summary: 's', sample: { eventId: `id ${run}` } }, new Date())?.samples[0].eventId).toBe('id [card number redacted]');
  });
});
