/**
 * /metrics shows the inbox backlog across tenants: unfinished events by state, and the age of the
 * oldest unfinished event of the N tenants whose is oldest. A scrape never fails because the database
 * is slow: with the inbox locked it answers in time with the last values read.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let db: pg.Pool;
const tenants: Record<'old' | 'middle' | 'recent', string> = { old: '', middle: '', recent: '' };

beforeAll(async () => {
  t = await startTestApp({ METRICS_BACKLOG_TENANTS: '2', METRICS_BACKLOG_TIMEOUT_MS: '400' });
  db = new pg.Pool({ connectionString: t.db.adminUrl, max: 3 });
  for (const name of Object.keys(tenants) as (keyof typeof tenants)[]) {
    tenants[name] = (await db.query<{ id: string }>('INSERT INTO tenants (name) VALUES ($1) RETURNING id', [`Backlog ${name}`])).rows[0].id;
  }
  // Events the pipeline leaves alone: not due for a year (queued, waiting), leased (processing), or
  // waiting for a person (dead, manual_review); finished ones (done, ignored) are not backlog.
  await insertEvents(tenants.old, [
    ['dead', '3 days'],
    ['queued', '1 hour'],
    ['done', '30 days'],
  ]);
  await insertEvents(tenants.middle, [
    ['queued', '2 hours'],
    ['waiting', '5 minutes'],
    ['processing', '1 minute'],
    ['ignored', '40 days'],
  ]);
  await insertEvents(tenants.recent, [
    ['manual_review', '10 minutes'],
    ['done', '50 days'],
  ]);
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

let sequence = 0;
async function insertEvents(tenantId: string, events: [state: string, age: string][], client: pg.Pool | pg.PoolClient = db): Promise<void> {
  for (const [state, age] of events) {
    sequence += 1;
    await client.query(
      `INSERT INTO inbox_events (tenant_id, source, external_id, type, correlation_id, event, payload, state, received_at, next_attempt_at, lease_until, completed_at)
       VALUES ($1, 'partner', $2, 'payment.approved', $2, '{}', '{}', $3::event_state, now() - $4::interval, now() + interval '1 year',
               CASE WHEN $3 = 'processing' THEN now() + interval '1 year' END, CASE WHEN $3 IN ('done', 'ignored') THEN now() - $4::interval END)`,
      [tenantId, `backlog-${sequence}`, state, age],
    );
  }
}

async function scrape(): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  const response = await t.http.get('/metrics');
  expect(response.status).toBe(200);
  return { text: response.text, ms: Date.now() - started };
}

function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const byState = (text: string) =>
  Object.fromEntries(['queued', 'processing', 'waiting', 'manual_review', 'dead', 'done', 'ignored'].map((state) => [state, sample(text, 'settle_inbox_events', `state="${state}"`)]));

it('counts unfinished events by state over all tenants, every unfinished state even at zero', async () => {
  const { text } = await scrape();
  expect(text).toContain('# TYPE settle_inbox_events gauge');
  expect(byState(text)).toEqual({ queued: 2, processing: 1, waiting: 1, manual_review: 1, dead: 1, done: undefined, ignored: undefined });
  // Every state but done and ignored is listed, a state added to event_state later (paused) too.
  const { rows } = await db.query<{ state: string }>(`SELECT unnest(enum_range(NULL::event_state))::text AS state`);
  const unfinished = rows.map((row) => row.state).filter((state) => state !== 'done' && state !== 'ignored');
  const listed = [...text.matchAll(/^settle_inbox_events\{state="(\w+)"\} /gm)].map((match) => match[1]);
  expect(listed.sort()).toEqual(unfinished.sort());
});

it('reports the age of the oldest unfinished event for the N tenants whose is oldest', async () => {
  await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the one-second reuse of a read
  const { text } = await scrape();
  const age = (tenant: string) => sample(text, 'settle_inbox_oldest_unfinished_event_age_seconds', `tenant="${tenant}"`);
  // The old tenant's oldest unfinished event is its 3-day dead letter (its 30-day done event is finished).
  expect(age(tenants.old)).toBeGreaterThanOrEqual(3 * 86_400);
  expect(age(tenants.old)).toBeLessThan(3 * 86_400 + 120);
  expect(age(tenants.middle)).toBeGreaterThanOrEqual(2 * 3_600);
  expect(age(tenants.middle)).toBeLessThan(2 * 3_600 + 120);
  // N = 2: the tenant whose oldest unfinished event is 10 minutes old is not listed.
  expect(age(tenants.recent)).toBeUndefined();
});

it('answers in time with the last values while the inbox is locked, and reads again once it is free', async () => {
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const before = await scrape();
  const failuresBefore = sample(before.text, 'settle_inbox_backlog_read_failures_total') ?? 0;
  const locker = await db.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE inbox_events IN ACCESS EXCLUSIVE MODE');
    await insertEvents(tenants.recent, [['queued', '1 second']], locker);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const locked = await scrape();
    expect(locked.ms).toBeLessThan(3_000);
    expect(byState(locked.text)).toEqual(byState(before.text));
    await locker.query('COMMIT');
  } finally {
    locker.release();
  }
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const after = await scrape();
  expect(sample(after.text, 'settle_inbox_events', 'state="queued"')).toBe(3);
  // The locked read ended at its statement timeout (counted), not late: a late read would have landed.
  expect(sample(after.text, 'settle_inbox_backlog_read_failures_total')).toBe(failuresBefore + 1);
});
