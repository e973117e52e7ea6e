import { describe, expect, it } from 'vitest';
import { withDeadline } from './deadline.js';

describe('withDeadline', () => {
  it('answers with the work when it is in time, with the fallback when it is not', async () => {
    expect(await withDeadline(Promise.resolve('done'), 1_000, 'late')).toBe('done');
    expect(await withDeadline(new Promise<string>(() => undefined), 20, 'late')).toBe('late');
  });
});
