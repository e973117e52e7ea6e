import { describe, expect, it } from 'vitest';
import { advanceCursor, pollWindow } from './feed-window.js';

const rules = { overlapMs: 10 * 60_000, firstLookbackMs: 3_600_000 };
const now = new Date('2026-03-08T10:00:00Z');

describe('poll window', () => {
  it('starts a new connection a look-back before now', () => {
    expect(pollWindow(null, now, rules)).toEqual({ from: new Date('2026-03-08T09:00:00Z'), to: now });
  });

  it('overlaps the previous window so late rows are not missed', () => {
    const cursor = new Date('2026-03-08T09:59:30Z');
    expect(pollWindow(cursor, now, rules).from).toEqual(new Date('2026-03-08T09:49:30Z'));
  });

  it('never reads from the future when the cursor is ahead of this clock (skew)', () => {
    const ahead = new Date('2026-03-08T10:05:00Z');
    expect(pollWindow(ahead, now, rules).from).toEqual(new Date('2026-03-08T09:50:00Z'));
  });

  it('only moves the cursor forward', () => {
    const cursor = new Date('2026-03-08T10:05:00Z');
    expect(advanceCursor(cursor, now)).toBe(cursor);
    expect(advanceCursor(null, now)).toBe(now);
    expect(advanceCursor(new Date('2026-03-08T09:00:00Z'), now)).toBe(now);
  });
});
