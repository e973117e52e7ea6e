import { describe, expect, it } from 'vitest';
import type { InboxEntry } from '../pipeline/inbox/inbox-entry.js';
import { InboxBatcher } from './inbox-batcher.js';

const entry = (externalId: string, integrationId = 'i-1'): InboxEntry => ({
  source: 'partner',
  externalId,
  integrationId,
  payload: {},
  event: { type: 'payment.approved', transactionId: '1', amountMinor: 1, currency: 'USD', occurredAt: '2026-03-01T00:00:00.000Z', method: 'card' },
});

/** An inbox in memory: unique per (tenant, source, external id), like inbox_events. */
function fakeInbox(options: { refuse?: (entry: InboxEntry) => boolean } = {}) {
  const stored = new Map<string, { id: string; source: string; externalId: string }>();
  const calls: string[][] = [];
  let next = 0;
  const accept = async (tenantId: string, entries: InboxEntry[]) => {
    calls.push(entries.map((e) => e.externalId));
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (entries.some((e) => options.refuse?.(e))) throw Object.assign(new Error('foreign key'), { code: '23503' });
    const accepted: string[] = [];
    for (const e of entries) {
      const key = `${tenantId}/${e.source}/${e.externalId}`;
      if (stored.has(key)) continue;
      const id = `ev-${++next}`;
      stored.set(key, { id, source: e.source, externalId: e.externalId });
      accepted.push(id);
    }
    return { accepted, duplicates: entries.length - accepted.length };
  };
  const lookUp = async (_tenantId: string, ids: string[]) => [...stored.values()].filter((row) => ids.includes(row.id));
  return { accept, lookUp, calls, stored };
}

describe('InboxBatcher', () => {
  it('stores an idle tenant’s deliveries at once, up to maxInFlight transactions, and batches what arrives meanwhile', async () => {
    const inbox = fakeInbox();
    const batcher = new InboxBatcher(inbox.accept, inbox.lookUp, { maxInFlight: 2 });
    const ids = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => batcher.submit('t1', entry(id))));
    expect(inbox.calls).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    expect(ids).toEqual(['ev-1', 'ev-2', 'ev-3', 'ev-4', 'ev-5']);
  });

  it('answers null for duplicates, within a batch and against what is stored', async () => {
    const inbox = fakeInbox();
    const batcher = new InboxBatcher(inbox.accept, inbox.lookUp, { maxInFlight: 1 });
    await batcher.submit('t1', entry('old'));
    const ids = await Promise.all(['x', 'new', 'old', 'new'].map((id) => batcher.submit('t1', entry(id))));
    expect(inbox.calls.at(-1)).toEqual(['new', 'old', 'x']); // 'new' once; in key order
    expect(ids).toEqual([expect.any(String), expect.any(String), null, null]);
    expect(ids[1]).toBe(inbox.stored.get('t1/partner/new')!.id);
  });

  it('answers each concurrent delivery of one key once, however the batches in flight overlap', async () => {
    const inbox = fakeInbox();
    const batcher = new InboxBatcher(inbox.accept, inbox.lookUp, { maxInFlight: 3, maxBatch: 2 });
    const keys = ['k1', 'k2', 'k1', 'k3', 'k2', 'k1', 'k3'];
    const ids = await Promise.all(keys.map((id) => batcher.submit('t1', entry(id))));
    for (const key of ['k1', 'k2', 'k3']) {
      const answers = ids.filter((_, index) => keys[index] === key);
      expect(answers.filter(Boolean)).toEqual([inbox.stored.get(`t1/partner/${key}`)!.id]);
    }
  });

  it('keeps tenants apart and limits a batch', async () => {
    const inbox = fakeInbox();
    const batcher = new InboxBatcher(inbox.accept, inbox.lookUp, { maxBatch: 2, maxInFlight: 1 });
    await Promise.all([...['a', 'b', 'c', 'd'].map((id) => batcher.submit('t1', entry(id))), batcher.submit('t2', entry('a'))]);
    expect(inbox.calls).toEqual([['a'], ['a'], ['b', 'c'], ['d']]);
    expect(inbox.stored.size).toBe(5);
  });

  it('does not let one refused entry fail the rest of its batch', async () => {
    const inbox = fakeInbox({ refuse: (e) => e.integrationId === 'deleted' });
    const batcher = new InboxBatcher(inbox.accept, inbox.lookUp, { maxInFlight: 1 });
    const first = batcher.submit('t1', entry('a'));
    const results = await Promise.allSettled([batcher.submit('t1', entry('b')), batcher.submit('t1', entry('c', 'deleted')), batcher.submit('t1', entry('d'))]);
    await first;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.code).toBe('23503');
    expect([...inbox.stored.keys()]).toEqual(['t1/partner/a', 't1/partner/b', 't1/partner/d']);
  });

  it('signals the drain after answering, and only when something new was stored', async () => {
    const inbox = fakeInbox();
    const events: string[] = [];
    const batcher = new InboxBatcher(inbox.accept, inbox.lookUp, { stored: (tenantId) => events.push(`signal ${tenantId}`) });
    await batcher.submit('t1', entry('a')).then(() => events.push('answered a'));
    await new Promise((resolve) => setImmediate(resolve));
    await batcher.submit('t1', entry('a')).then(() => events.push('answered a again'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['answered a', 'signal t1', 'answered a again']);
  });
});
