import { describe, expect, it } from 'vitest';
import { PermanentSageProError, TransientSageProError, validationError } from '../../sagepro/errors.js';
import { judgeFailure, workerCrashed } from './failure-policy.js';
import type { ClaimedEvent } from './event-result.js';
import type { RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = { maxAttempts: 4, baseMs: 2_000, maxMs: 60_000 };
const highest = () => 1;
const lowest = () => 0;

describe('judgeFailure', () => {
  describe('a transient Sage Pro fault', () => {
    const outage = new TransientSageProError('server_unavailable', 'Sage Pro: too many connections');

    it('is retried with backoff while attempts are left', () => {
      expect(judgeFailure(outage, 1, policy, highest)).toEqual({ kind: 'retry', delayMs: 2_000, error: 'server_unavailable: Sage Pro: too many connections' });
      expect(judgeFailure(outage, 2, policy, highest)).toMatchObject({ kind: 'retry', delayMs: 4_000 });
      expect(judgeFailure(outage, 3, policy, lowest)).toMatchObject({ kind: 'retry', delayMs: 4_000 });
    });

    it('on the last attempt becomes an exhausted dead letter naming the last error', () => {
      expect(judgeFailure(outage, 4, policy, highest)).toEqual({
        kind: 'dead',
        deadLetter: {
          cause: 'exhausted',
          errorCode: 'server_unavailable',
          reason: 'Gave up after 4 attempts. Last error: server_unavailable: Sage Pro: too many connections',
        },
      });
    });

    it('names its own kind: a record a Sage Pro user holds open', () => {
      const locked = new TransientSageProError('record_locked', 'armast 1001 is locked by JANE');
      expect(judgeFailure(locked, 1, policy, highest)).toMatchObject({ kind: 'retry', error: 'record_locked: armast 1001 is locked by JANE' });
      expect(judgeFailure(locked, 4, policy)).toMatchObject({ kind: 'dead', deadLetter: { cause: 'exhausted', errorCode: 'record_locked' } });
    });
  });

  describe('a permanent Sage Pro error', () => {
    it('breaking a field rule is a validation dead letter naming the field, on the first attempt', () => {
      const error = validationError('arcash.refno', 'PT12345678901234567890', 'char(20): at most 20 characters');
      expect(judgeFailure(error, 1, policy)).toEqual({
        kind: 'dead',
        deadLetter: {
          cause: 'validation',
          errorCode: 'validation',
          reason: 'arcash.refno "PT12345678901234567890" breaks char(20): at most 20 characters',
          field: 'arcash.refno',
        },
      });
    });

    it('a validation error without a field is still a validation dead letter', () => {
      const error = new PermanentSageProError('validation', 'Sage Pro refused a value: value too long for type character(10)');
      expect(judgeFailure(error, 2, policy)).toEqual({
        kind: 'dead',
        deadLetter: { cause: 'validation', errorCode: 'validation', reason: 'Sage Pro refused a value: value too long for type character(10)', field: undefined },
      });
    });

    it('an invoice that vanished before the write goes to manual review, not a dead letter', () => {
      const error = new PermanentSageProError('invoice_not_found', 'No open invoice 1001', 'armast.invno', '1001');
      expect(judgeFailure(error, 1, policy)).toEqual({ kind: 'review', reason: 'invoice_not_found' });
    });

    it.each([
      ['credit_hold', 'ACM100 is on credit hold', 'arcust.credstat'],
      ['missing_account', 'GL account 1010-00 does not exist', 'glacnt.glacnt'],
      ['permission_denied', 'Settle may not write to this Sage Pro company: permission denied for table arcash', undefined],
      ['unexpected', 'Sage Pro: something odd', undefined],
    ] as const)('%s is a permanent dead letter at once, with its reason', (kind, message, field) => {
      const error = new PermanentSageProError(kind, message, field);
      expect(judgeFailure(error, 1, policy)).toEqual({ kind: 'dead', deadLetter: { cause: 'permanent', errorCode: kind, reason: message, field } });
    });
  });

  describe('an error Settle did not expect', () => {
    it('is retried like a transient fault', () => {
      expect(judgeFailure(new Error('Connection terminated unexpectedly'), 1, policy, highest)).toEqual({
        kind: 'retry',
        delayMs: 2_000,
        error: 'unexpected: Connection terminated unexpectedly',
      });
    });

    it('becomes an exhausted dead letter once the attempts are used up', () => {
      expect(judgeFailure(new TypeError("Cannot read properties of undefined (reading 'invno')"), 4, policy)).toEqual({
        kind: 'dead',
        deadLetter: {
          cause: 'exhausted',
          errorCode: 'unexpected',
          reason: "Gave up after 4 attempts. Last error: unexpected: Cannot read properties of undefined (reading 'invno')",
        },
      });
    });

    it('a thrown value that is not an Error is described as it is', () => {
      expect(judgeFailure('socket hang up', 1, policy, highest)).toMatchObject({ kind: 'retry', error: 'unexpected: socket hang up' });
      expect(judgeFailure(null, 1, policy, highest)).toMatchObject({ kind: 'retry', error: 'unexpected: null' });
    });
  });
});

describe('workerCrashed', () => {
  it('an event whose worker died on each of its attempts: a worker_crashed dead letter saying how many', () => {
    const event = { id: 'e1', attempt: 3 } as ClaimedEvent;
    expect(workerCrashed(event)).toEqual({
      event,
      steps: [],
      effects: [],
      state: 'dead',
      outcome: { deadLetter: 'worker_crashed' },
      deadLetter: { cause: 'worker_crashed', errorCode: 'worker_crashed', reason: expect.stringMatching(/^Every attempt \(3\) ended with the worker processing it gone/) },
    });
  });
});
