import { describe, expect, it } from 'vitest';
import { DrainReversals } from './drain-reversals.js';

describe('DrainReversals', () => {
  it('sums what other reversals of the drain took from a receipt', () => {
    const reversals = new DrainReversals();
    reversals.add('PT1', 'PT2', 231);
    reversals.add('PT1', 'PT3-CB', 232);
    reversals.add('PT9', 'PT10', 500);
    expect(reversals.takenFrom('PT1', 'PT4')).toBe(463);
    expect(reversals.takenFrom('PT1', 'PT2')).toBe(232); // not its own
    expect(reversals.takenFrom('PT5', 'PT4')).toBe(0);
  });

  it('a reversal written twice in a drain (a duplicate delivery) counts once', () => {
    const reversals = new DrainReversals();
    reversals.add('PT1', 'PT2', 231);
    reversals.add('PT1', 'PT2', 231);
    expect(reversals.takenFrom('PT1', 'PT7')).toBe(231);
  });
});
