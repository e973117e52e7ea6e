import { describe, expect, it } from 'vitest';
import { delayUntil, deliveryDueAt } from './alert-window.js';

describe('grouping window', () => {
  it('is due the window after the first occurrence, however late the later ones come', () => {
    const firstAt = new Date('2026-11-26T10:00:00Z');
    const due = deliveryDueAt(firstAt, 60);
    expect(due.toISOString()).toBe('2026-11-26T10:01:00.000Z');
    expect(delayUntil(due, new Date('2026-11-26T10:00:45Z'))).toBe(15_000);
    expect(delayUntil(due, new Date('2026-11-26T10:05:00Z'))).toBe(0);
  });
});
