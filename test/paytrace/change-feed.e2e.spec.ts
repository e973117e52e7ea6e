/**
 * The PayTrace change feed against the sandbox Settle serves itself, over real HTTP: payments are
 * made by the merchant's "other systems" (test/support/paytrace-merchant.ts), Settle finds them by
 * polling the exports, and every (transaction, state) becomes exactly one transaction change —
 * across repeated and overlapping polls, late settlement, a restart, a cursor in the future, DST
 * switches, and an export that breaks half-way.
 *
 * Polls are driven by calling ChangeFeedService.poll directly. The scheduler also polls every
 * connection once when it is saved (BullMQ's `every` runs at once) and then at its interval, so the
 * assertions read the stored changes, never "this call recorded N", except where N must be 0.
 */
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSettleApp } from '../../backend/src/app.factory.js';
import { formatPayTraceTimestamp } from '../../backend/src/paytrace/client/time.js';
import { ChangeFeedService } from '../../backend/src/paytrace/change-feed/change-feed.service.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { sandboxUrlOf } from '../support/database.js';
import { firstPollOf, type PayTraceMerchant, sandboxMerchantOf } from '../support/paytrace-merchant.js';

const LA = 'America/Los_Angeles';
/** Connections polled by hand: the scheduler's interval is out of the way and calls are not throttled. */
const QUIET = 'pollIntervalSeconds: 3600, rateLimitPerMinute: 600';

let t: TestApp;
let db: pg.Pool;
let token: string;
let tenantId: string;

interface ChangeRow {
  transaction_id: string;
  state: string;
  kind: string;
  amount_minor: string;
  currency: string;
  occurred_at: Date;
  source: string;
}

async function gqlOk(query: string, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

interface TestConnection {
  id: string;
  merchant: PayTraceMerchant;
}

/** A one-click sandbox connection and its merchant; waits out the poll the scheduler runs at once. */
async function newConnection(settings = QUIET): Promise<TestConnection> {
  const { createPayTraceConnection: c } = await gqlOk(`mutation { createPayTraceConnection(input: { environment: sandbox, ${settings} }) { id } }`);
  await firstPollOf(t, c.id);
  return { id: c.id, merchant: await sandboxMerchantOf(t, tenantId, c.id) };
}

const poll = (connectionId: string, app: NestFastifyApplication = t.app) => app.get(ChangeFeedService).poll(tenantId, connectionId);

async function changesOf(connectionId: string): Promise<ChangeRow[]> {
  const { rows } = await db.query<ChangeRow>(
    `SELECT transaction_id::text, state, kind, amount_minor::text, currency, occurred_at, source
       FROM transaction_changes WHERE connection_id = $1 ORDER BY transaction_id, created_at`,
    [connectionId],
  );
  return rows;
}

/** `id:state` of every stored change, sorted: equal lists mean each change is there exactly once. */
async function changeKeys(connectionId: string): Promise<string[]> {
  return (await changesOf(connectionId)).map((c) => `${c.transaction_id}:${c.state}`).sort();
}

const keys = (...pairs: [number, string][]) => pairs.map(([id, state]) => `${id}:${state}`).sort();

async function feedState(connectionId: string) {
  const { rows } = await db.query<{ poll_cursor: Date | null; last_poll_at: Date | null; last_poll_error: string | null }>(
    'SELECT poll_cursor, last_poll_at, last_poll_error FROM paytrace_connections WHERE id = $1',
    [connectionId],
  );
  return rows[0];
}

beforeAll(async () => {
  t = await startTestApp();
  await t.listen();
  db = new pg.Pool({ connectionString: t.db.adminUrl, max: 3 });
  const signUp = await t.gql('mutation { signUp(input: { companyName: "Harbor Supply", email: "ap@harbor.test", password: "harbor-pass-1" }) { accessToken me { tenant { id } } } }');
  token = signUp.body.data.signUp.accessToken;
  tenantId = signUp.body.data.signUp.me.tenant.id;
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

describe('polling the exports', () => {
  let a: TestConnection;
  let sale: number;
  let toVoid: number;
  let refund: number;
  let declined: number;
  let chargeback: number;

  beforeAll(async () => {
    a = await newConnection();
  });

  it('records an approved sale once, however often the overlapping windows re-read it', async () => {
    sale = (await a.merchant.sale(12_34, { invoice_id: 'INV-1001' })).transactionId;
    await poll(a.id);
    expect(await changeKeys(a.id)).toEqual(keys([sale, 'approved']));

    const again = await poll(a.id);
    expect(again.read).toBeGreaterThanOrEqual(1); // the window overlapped and read the sale again...
    expect(again.changes).toBe(0); // ...and nothing new came of it
    await poll(a.id);
    expect(await changeKeys(a.id)).toEqual(keys([sale, 'approved']));

    const [row] = await changesOf(a.id);
    expect(row).toMatchObject({ kind: 'sale', amount_minor: '1234', currency: 'USD' });
    const { transactionChanges } = await gqlOk(
      'query($id: ID!) { transactionChanges(connectionId: $id, first: 100) { nodes { connectionId transactionId state kind amountMinor currency occurredAt source } } }',
      { id: a.id },
    );
    expect(transactionChanges.nodes).toEqual([
      expect.objectContaining({ connectionId: a.id, transactionId: String(sale), state: 'approved', kind: 'sale', amountMinor: 1234, currency: 'USD' }),
    ]);
    const exported = await a.merchant.exportById(sale);
    expect(formatPayTraceTimestamp(new Date(transactionChanges.nodes[0].occurredAt), LA)).toBe(exported.created.at);
  });

  it('records late settlement, voids, refunds, declines and chargebacks, each exactly once', async () => {
    await a.merchant.settle();
    await poll(a.id);
    expect(await changeKeys(a.id)).toEqual(keys([sale, 'approved'], [sale, 'settled']));

    toVoid = (await a.merchant.sale(20_00)).transactionId;
    await poll(a.id);
    await a.merchant.void(toVoid);
    await poll(a.id);

    refund = (await a.merchant.refund(sale, 4_34)).transactionId;
    declined = (await a.merchant.sale(29)).transactionId; // $0.29: PayTrace's "expired card" decline
    chargeback = await a.merchant.chargeback(sale, '10.4 Other Fraud', 5_00);
    for (let i = 0; i < 3; i++) await poll(a.id);

    expect(await changeKeys(a.id)).toEqual(
      keys([sale, 'approved'], [sale, 'settled'], [toVoid, 'approved'], [toVoid, 'voided'], [refund, 'refunded'], [declined, 'declined'], [chargeback, 'charged_back']),
    );
    const byKey = new Map((await changesOf(a.id)).map((c) => [`${c.transaction_id}:${c.state}`, c]));
    expect(byKey.get(`${refund}:refunded`)).toMatchObject({ kind: 'refund', amount_minor: '434' });
    expect(byKey.get(`${declined}:declined`)).toMatchObject({ kind: 'sale', amount_minor: '29' });
    expect(byKey.get(`${chargeback}:charged_back`)).toMatchObject({ kind: 'chargeback', amount_minor: '500' });
    expect(byKey.get(`${toVoid}:voided`)).toMatchObject({ kind: 'void', amount_minor: '2000' });
    // Settlement happened after the sale: its change carries the settlement time PayTrace shows.
    const settledRow = await a.merchant.exportById(sale);
    expect(formatPayTraceTimestamp(byKey.get(`${sale}:settled`)!.occurred_at, LA)).toBe(settledRow.settled);

    // Settling the refund changes nothing that matters: a refund is `refunded`, settled or not.
    await a.merchant.settle();
    await poll(a.id);
    await poll(a.id);
    expect(await changeKeys(a.id)).toHaveLength(7);
  });

  it('after a restart, a second instance on the same database repeats nothing and misses nothing', async () => {
    const before = await changeKeys(a.id);
    const madeWhileDown = (await a.merchant.sale(7_77)).transactionId;

    const second = await createSettleApp({
      config: t.config,
      infrastructure: { appDatabaseUrl: t.db.appUrl, sandboxDatabaseUrl: sandboxUrlOf(t.db.adminUrl), redisUrl: inject('redisUrl'), stop: async () => undefined },
      role: 'all',
    });
    try {
      await second.listen(0, '127.0.0.1');
      expect((second.getHttpServer().address() as AddressInfo).port).toBeGreaterThan(0);
      await poll(a.id, second);
      await poll(a.id, second);
      expect(await changeKeys(a.id)).toEqual([...before, `${madeWhileDown}:approved`].sort());

      // Both instances keep polling the same feed: still one change per (transaction, state).
      const later = (await a.merchant.sale(8_88)).transactionId;
      await Promise.all([poll(a.id), poll(a.id, second)]);
      await poll(a.id, second);
      expect(await changeKeys(a.id)).toEqual([...before, `${madeWhileDown}:approved`, `${later}:approved`].sort());
    } finally {
      await second.close();
    }
  });

  it('with its cursor in the future (clock skew), still sees a sale made now and never moves the cursor back', async () => {
    const future = new Date(Date.now() + 10 * 60_000);
    future.setMilliseconds(0);
    await db.query('UPDATE paytrace_connections SET poll_cursor = $2 WHERE id = $1', [a.id, future]);
    const now = (await a.merchant.sale(3_21)).transactionId;

    await poll(a.id);
    expect((await changesOf(a.id)).filter((c) => c.transaction_id === String(now)).map((c) => c.state)).toEqual(['approved']);
    expect((await feedState(a.id)).poll_cursor).toEqual(future);
    await poll(a.id);
    expect((await feedState(a.id)).poll_cursor).toEqual(future);
    expect((await changesOf(a.id)).filter((c) => c.transaction_id === String(now))).toHaveLength(1);

    // Days ahead (a clock gone badly wrong, or a bad restore): the window still starts before "now".
    const farFuture = new Date(Date.now() + 3 * 86_400_000);
    farFuture.setMilliseconds(0);
    await db.query('UPDATE paytrace_connections SET poll_cursor = $2 WHERE id = $1', [a.id, farFuture]);
    const later = (await a.merchant.sale(3_22)).transactionId;
    await poll(a.id);
    expect((await changesOf(a.id)).filter((c) => c.transaction_id === String(later)).map((c) => c.state)).toEqual(['approved']);
    expect((await feedState(a.id)).poll_cursor).toEqual(farFuture);
  });

  it('when an export breaks half-way, fails the poll, keeps the cursor, says why, and catches up once fixed', async () => {
    await a.merchant.faults({ truncated_export_rate: 1 });
    const before = await changeKeys(a.id);
    const cursor = (await feedState(a.id)).poll_cursor;
    const missed = (await a.merchant.sale(45_67)).transactionId;

    await expect(poll(a.id)).rejects.toThrow(/PayTrace TransientError/);
    const failed = await feedState(a.id);
    expect(failed.poll_cursor).toEqual(cursor);
    expect(failed.last_poll_error).toMatch(/TransientError/);
    const { payTraceConnection } = await gqlOk('query($id: ID!) { payTraceConnection(id: $id) { changeFeed { lastError } } }', { id: a.id });
    expect(payTraceConnection.changeFeed.lastError).toBe(failed.last_poll_error);
    expect(await changeKeys(a.id)).toEqual(before);

    await a.merchant.faults({});
    await poll(a.id);
    await poll(a.id);
    expect(await changeKeys(a.id)).toEqual([...before, `${missed}:approved`].sort());
    const recovered = await feedState(a.id);
    expect(recovered.last_poll_error).toBeNull();
    expect(recovered.poll_cursor!.getTime()).toBeGreaterThanOrEqual(cursor!.getTime());
    const after = await gqlOk('query($id: ID!) { payTraceConnection(id: $id) { changeFeed { lastError } } }', { id: a.id });
    expect(after.payTraceConnection.changeFeed.lastError).toBeNull();
  });
});

describe('daylight saving time', () => {
  /**
   * The sandbox merchant's clock is moved to the next DST switches of America/Los_Angeles (it only
   * moves forward; Settle's own clock stays real). Settle's polls read up to its own "now", so these
   * future days are read with a backfill, which goes through the same export → change path as a
   * poll; a poll afterwards looks the open ones up by id and must add nothing.
   */
  let d: TestConnection;
  let dstSales: number[] = [];

  beforeAll(async () => {
    d = await newConnection(`${QUIET}, timeZone: "${LA}"`);
  });

  // US rules: clocks spring forward on the 2nd Sunday of March and fall back on the 1st Sunday of
  // November, at 2 AM local. The merchant clock only moves forward: the spring switch comes first.
  const springForward = nextSunday(2, 2, new Date());
  const fallBack = nextSunday(10, 1, utc(springForward, 12, 0));

  async function saleAt(instant: Date, cents: number): Promise<number> {
    const clock = await d.merchant.clock();
    const ahead = (instant.getTime() - clock.getTime()) / 1000;
    expect(ahead).toBeGreaterThan(0);
    await d.merchant.advanceClock({ seconds: ahead });
    return (await d.merchant.sale(cents)).transactionId;
  }

  it('records sales on both sides of a switch once, at the right UTC instants', async () => {
    // Spring forward: 1:58 AM PST (UTC-8), then 2:03 AM, which does not exist and reads 3:03 AM PDT (UTC-7).
    const beforeSpring = await saleAt(utc(springForward, 9, 58), 1_01);
    const afterSpring = await saleAt(utc(springForward, 10, 3), 1_02);
    // Fall back: 12:58 AM PDT, 1:08 AM PST (the repeated hour, second time round), 2:08 AM PST.
    const beforeFall = await saleAt(utc(fallBack, 7, 58), 1_03);
    const inFold = await saleAt(utc(fallBack, 9, 8), 1_04);
    const afterFall = await saleAt(utc(fallBack, 10, 8), 1_05);
    const all = [beforeSpring, afterSpring, beforeFall, inFold, afterFall];

    const feed = t.app.get(ChangeFeedService);
    const days = [utc(springForward, 20, 0), utc(fallBack, 20, 0)];
    for (let round = 0; round < 2; round++) {
      for (const day of days) await feed.backfill(tenantId, d.id, day, day);
    }
    await poll(d.id);
    expect(await changeKeys(d.id)).toEqual(keys(...all.map((id): [number, string] => [id, 'approved'])));

    const { rows: truth } = await db.query<{ id: string; created_at: Date }>(
      "SELECT id::text, date_trunc('second', created_at) AS created_at FROM paytrace_sandbox.transactions WHERE id = ANY($1::bigint[])",
      [all],
    );
    const createdAt = new Map(truth.map((row) => [Number(row.id), row.created_at.getTime()]));
    const occurredAt = new Map((await changesOf(d.id)).map((c) => [Number(c.transaction_id), c.occurred_at.getTime()]));
    for (const id of all) {
      // What Settle stored reads back as exactly what PayTrace's export shows...
      const exported = await d.merchant.exportById(id);
      expect(formatPayTraceTimestamp(new Date(occurredAt.get(id)!), LA), `transaction ${id}`).toBe(exported.created.at);
    }
    // ...and is the true instant whenever the local time names one instant.
    for (const id of [beforeSpring, afterSpring, beforeFall, afterFall]) expect(occurredAt.get(id), `transaction ${id}`).toBe(createdAt.get(id));
    expect(occurredAt.get(afterSpring)! - occurredAt.get(beforeSpring)!).toBe(createdAt.get(afterSpring)! - createdAt.get(beforeSpring)!);
    expect(occurredAt.get(afterFall)! - occurredAt.get(beforeFall)!).toBe(createdAt.get(afterFall)! - createdAt.get(beforeFall)!);
    // 1:08 AM on fall-back day happens twice and the export carries no offset: Settle reads the
    // earlier (daylight-time) instant, by the documented rule (client/time.ts), one hour early.
    expect((await d.merchant.exportById(inFold)).created.at).toMatch(/^11\/\d+\/\d{4} 1:08:\d\d AM$/);
    expect(occurredAt.get(inFold)).toBe(createdAt.get(inFold)! - 3_600_000);
    dstSales = all;
  });

  it('records a settlement that comes when the sale is long out of every poll window, once', async () => {
    // The sales above lie on days no poll reads (the window ends at Settle's now): only the by-id
    // lookups of still-open transactions can see them settle.
    await d.merchant.settle();
    await poll(d.id);
    await poll(d.id);
    expect(await changeKeys(d.id)).toEqual(keys(...dstSales.flatMap((id): [number, string][] => [[id, 'approved'], [id, 'settled']])));
    const settled = (await changesOf(d.id)).filter((c) => c.state === 'settled');
    for (const change of settled) {
      expect(formatPayTraceTimestamp(change.occurred_at, LA)).toBe((await d.merchant.exportById(Number(change.transaction_id))).settled);
    }
    // Settled sales are final: no more lookups, no more changes.
    const lookedUp = await poll(d.id);
    expect(lookedUp).toMatchObject({ changes: 0, lookedUp: 0 });
  });
});

describe('the scheduler', () => {
  it('polls a connection at its interval without being asked', async () => {
    const s = await newConnection('pollIntervalSeconds: 5');
    // The poll run when the connection was saved is over: what follows is the interval's doing.
    const firstPollAt = (await feedState(s.id)).last_poll_at;
    expect(firstPollAt).not.toBeNull();
    const id = (await s.merchant.sale(9_99)).transactionId;
    await eventually(async () => {
      expect(await changeKeys(s.id)).toEqual(keys([id, 'approved']));
      expect((await feedState(s.id)).last_poll_at!.getTime()).toBeGreaterThan(firstPollAt!.getTime());
    }, 15_000, 250);
    expect((await changesOf(s.id))[0].source).toBe('poll');
  }, 25_000);
});

/** The n-th Sunday (1-based) of `month` (0-based) in the first year where it is over 2 days after `after`. */
function nextSunday(month: number, nth: number, after: Date): { year: number; month: number; day: number } {
  for (let year = after.getUTCFullYear(); ; year++) {
    const first = new Date(Date.UTC(year, month, 1));
    const day = 1 + ((7 - first.getUTCDay()) % 7) + (nth - 1) * 7;
    if (Date.UTC(year, month, day) > after.getTime() + 2 * 86_400_000) return { year, month, day };
  }
}

function utc(date: { year: number; month: number; day: number }, hour: number, minute: number): Date {
  return new Date(Date.UTC(date.year, date.month, date.day, hour, minute));
}
