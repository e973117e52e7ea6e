/**
 * One tenant with 50,000 queued events must not delay another tenant's event by more than about a
 * second. The noisy tenant's backlog is 50,000 approved payments whose document numbers match no
 * invoice (each is looked up three ways in its Sage Pro company and ends in manual review: real work,
 * not a no-op); the quiet tenant's payments are ordinary ones, applied to open invoices. Pipeline
 * settings are the production defaults (batch 200, 4 drains per worker, 2 per tenant, sweep every second).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { freshInvoices, type PipelineTenant, pipelineTenant } from '../pipeline/pipeline-harness.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { approvedPayment, partnerEntry, sleep } from './payments.js';

const BACKLOG = 50_000;
const CHUNK = 1_000;
const QUIET_EVENTS = 5;

let t: TestApp;
let noisy: PipelineTenant;
let quiet: PipelineTenant;

beforeAll(async () => {
  // The production pool size (startTestApp's 4 is for small suites); every pipeline knob at its default.
  t = await startTestApp({ DATABASE_POOL_SIZE: '10' });
  noisy = await pipelineTenant(t, 'Noisy Wholesale');
  quiet = await pipelineTenant(t, 'Quiet Bakery');
}, 120_000);

afterAll(async () => {
  await noisy?.close();
  await quiet?.close();
  await t?.close();
});

const unfinished = async (tenant: PipelineTenant) => {
  const { rows } = await tenant.db.query<{ n: number }>("SELECT count(*)::int AS n FROM inbox_events WHERE tenant_id = $1 AND state IN ('queued', 'processing')", [tenant.tenantId]);
  return rows[0].n;
};

interface Finished {
  state: string;
  delayMs: number;
  /** From acceptance until a drain took it (its timeline's first step): the time spent queued. */
  waitedMs: number;
}

/** Polls until the event has a final state; its delay is completed_at - received_at, both as stored. */
async function finished(tenant: PipelineTenant, id: string, timeoutMs = 30_000): Promise<Finished> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await tenant.db.query<Finished>(
      `SELECT i.state::text AS state, round(extract(epoch FROM i.completed_at - i.received_at) * 1000)::int AS "delayMs", (s.detail->>'waitedMs')::int AS "waitedMs"
         FROM inbox_events i JOIN event_steps s ON s.event_id = i.id AND s.step = 'received' WHERE i.id = $1 AND i.completed_at IS NOT NULL`,
      [id],
    );
    if (rows[0]) return rows[0];
    if (Date.now() > deadline) throw new Error(`event ${id} not finished within ${timeoutMs} ms`);
    await sleep(20);
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

describe('fair drains', () => {
  it("a tenant with 50,000 queued events delays another tenant's event by at most ~1 s", { timeout: 180_000 }, async () => {
    const inbox = t.app.get(InboxService);
    const invoices = await freshInvoices(quiet, QUIET_EVENTS);
    expect(invoices).toHaveLength(QUIET_EVENTS);

    // 50,000 events into the noisy tenant's inbox, 1,000 per accept; its drains start at the first chunk.
    const acceptStarted = Date.now();
    let accepted = 0;
    for (let at = 0; at < BACKLOG; at += CHUNK) {
      const entries = Array.from({ length: CHUNK }, (_, i) => partnerEntry(noisy, approvedPayment(String(900_000_000 + at + i), 1_000 + ((at + i) % 500), `NM${at + i}`)));
      accepted += (await inbox.accept(noisy.tenantId, entries)).accepted.length;
    }
    expect(accepted).toBe(BACKLOG);
    const acceptMs = Date.now() - acceptStarted;

    // While the noisy backlog drains: one quiet event a second, each timed from acceptance to its final state.
    const quietStarted = Date.now();
    const backlogAtStart = await unfinished(noisy);
    const results: (Finished & { noisyBacklog: number })[] = [];
    for (const invoice of invoices) {
      const { accepted: [id] } = await inbox.accept(quiet.tenantId, [partnerEntry(quiet, approvedPayment(String(700_000_000 + results.length), invoice.cents, invoice.invno))]);
      const done = await finished(quiet, id);
      results.push({ ...done, noisyBacklog: await unfinished(noisy) });
      await sleep(1_000);
    }
    const backlogAtEnd = await unfinished(noisy);
    const drainedPerSecond = Math.round((backlogAtStart - backlogAtEnd) / ((Date.now() - quietStarted) / 1000));
    const delays = results.map((r) => r.delayMs);
    console.log(
      `[fairness] noisy backlog ${BACKLOG} accepted in ${(acceptMs / 1000).toFixed(1)} s; ${backlogAtStart} unfinished when the quiet tenant started, ` +
        `${Math.min(...results.map((r) => r.noisyBacklog))}–${Math.max(...results.map((r) => r.noisyBacklog))} as its events finished (noisy draining ~${drainedPerSecond} events/s); ` +
        `quiet delays p50 ${percentile(delays, 50)} ms, max ${Math.max(...delays)} ms (${results.map((r) => `${r.delayMs} ms of which ${r.waitedMs} queued`).join(', ')})`,
    );

    expect(results.map((r) => r.state)).toEqual(Array(QUIET_EVENTS).fill('done'));
    expect(Math.max(...delays)).toBeLessThanOrEqual(1_500);
    // They jumped the queue: the noisy tenant still had most of its backlog when each quiet event finished.
    expect(Math.min(...results.map((r) => r.noisyBacklog))).toBeGreaterThan(10_000);
  });
});
