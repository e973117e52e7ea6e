/**
 * Fault injection on the Sage Pro sandbox, through its admin API and the pool the connector gets
 * (SandboxService.sageProPool(): sagepro_user through the TCP proxy): latency, refused and cut
 * connections, an outage window, a read-only company, a row lock ending in a lock timeout, a record
 * locked by a Sage Pro user, and reset.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SandboxService } from '../../../backend/src/sandbox/sandbox.service.js';
import { startTestApp, type TestApp } from '../../support/app.js';

let t: TestApp;
let base: string;
let pool: pg.Pool;
let db: Kysely<any>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function admin(method: string, path: string, body?: unknown, key: string | null = t.config.sandboxAdminKey) {
  const headers: Record<string, string> = {};
  if (key !== null) headers['x-sandbox-admin-key'] = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}/sandbox/sagepro/admin${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

async function adminOk(method: string, path: string, body?: unknown) {
  const res = await admin(method, path, body);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

async function until(condition: () => Promise<boolean>, ms = 2000) {
  const deadline = Date.now() + ms;
  while (!(await condition()) && Date.now() < deadline) await sleep(20);
}

const selectOne = () => sql<{ one: number }>`SELECT 1 AS one`.execute(db);
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await fn();
  return Date.now() - started;
}
/** What a promise failed with (or fails the test when it did not). */
async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the query to fail');
}
const CONNECTION_ERROR = /terminated|ECONNRESET|ECONNREFUSED|not queryable|socket|Connection/i;

const INVOICE_1001 = '      1001';
const INVOICE_1002 = '      1002';
const touchInvoice = (schema: 'pro01' | 'pro99', invno: string) =>
  sql`UPDATE ${sql.id(schema, 'armast')} SET lckuser = lckuser WHERE invno = ${invno}`.execute(db);

beforeAll(async () => {
  t = await startTestApp();
  base = await t.listen();
  pool = await t.app.get(SandboxService).sageProPool();
  db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) }); // never destroyed: that would end the app's pool
});

afterEach(async () => {
  if (t) await adminOk('PUT', '/faults', { latency_ms: 0, refuse: false, cut_after_ms: 0, outage: null });
});

afterAll(() => t?.close());

describe('Sage Pro sandbox connection', () => {
  it('is sagepro_user through the proxy, with DML only and lock/statement timeouts', async () => {
    const { rows } = await sql<{ who: string; lock: string; statement: string }>`
      SELECT current_user AS who, current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement`.execute(db);
    expect(rows[0]).toEqual({ who: 'sagepro_user', lock: '2s', statement: '10s' });
    expect((pool as unknown as { options: { port: number } }).options.port).not.toBe(Number(new URL(t.db.adminUrl).port));
    const faults = await adminOk('GET', '/faults');
    expect(faults).toMatchObject({ latency_ms: 0, refuse: false, outage: null });
    expect(faults.connections.accepted).toBeGreaterThan(0);
    expect((await failure(sql`CREATE TABLE pro01.settle_probe (a int)`.execute(db))).code).toBe('42501');
    expect((await failure(sql`SELECT count(*) FROM sagepro_connections`.execute(db))).code).toBe('42501');
  });
});

describe('Sage Pro sandbox admin API', () => {
  it('refuses calls without the admin key (401)', async () => {
    expect(await admin('GET', '/faults', undefined, null)).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect((await admin('PUT', '/faults', { latency_ms: 5000 }, 'not-the-key')).status).toBe(401);
    expect((await adminOk('GET', '/faults')).latency_ms).toBe(0);
  });

  it('names the field of bad input (400) and answers 404 for an unknown company or record', async () => {
    expect(await admin('PUT', '/faults', { latency_ms: -5 })).toMatchObject({ status: 400, body: { error: 'invalid_request', field: 'latency_ms' } });
    expect(await admin('PUT', '/faults', { outage: { starts_in_ms: 0 } })).toMatchObject({ status: 400, body: { field: 'outage.lasts_ms' } });
    expect(await admin('PUT', '/faults', { jitter: 1 })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await admin('POST', '/companies/01/records/lock', { table: 'artran', key: '1001', user: 'JDOE' })).toMatchObject({ status: 400, body: { field: 'table' } });
    expect(await admin('POST', '/companies/01/records/lock', { table: 'arcust', key: 'TOOLONGKEY', user: 'JDOE' })).toMatchObject({ status: 400, body: { field: 'key' } });
    expect(await admin('POST', '/companies/01/records/lock', { table: 'arcust', key: 'CASH', user: 'JOHNDOE' })).toMatchObject({ status: 400, body: { field: 'user' } });
    expect(await admin('POST', '/companies/01/row-locks', { table: 'armast', key: '1001', hold_ms: 0 })).toMatchObject({ status: 400, body: { field: 'hold_ms' } });
    expect(await admin('PUT', '/companies/01/read-only', { read_only: 'yes' })).toMatchObject({ status: 400, body: { field: 'read_only' } });
    expect((await admin('PUT', '/companies/42/read-only', { read_only: true })).status).toBe(404);
    expect((await admin('POST', '/companies/01/records/lock', { table: 'arcust', key: 'NOSUCH', user: 'JDOE' })).status).toBe(404);
  });
});

describe('Network faults', () => {
  it('adds latency to every round trip', async () => {
    await selectOne();
    const baseline = Math.min(await timed(selectOne), await timed(selectOne));
    expect((await adminOk('PUT', '/faults', { latency_ms: 250 })).latency_ms).toBe(250);
    const slowed = await timed(selectOne);
    expect(slowed).toBeGreaterThanOrEqual(500); // a query and its answer, each held 250 ms
    expect(slowed - baseline).toBeGreaterThanOrEqual(450);
    await adminOk('PUT', '/faults', { latency_ms: 0 });
    expect(await timed(selectOne)).toBeLessThan(400);
  });

  it('refuses new connections: the query fails with a connection error, then works once lifted', async () => {
    await adminOk('PUT', '/faults', { refuse: true });
    await adminOk('POST', '/faults/cut'); // pooled connections go, so the next query needs a new one
    await until(async () => (pool as unknown as { idleCount: number }).idleCount === 0);
    const error = await failure(selectOne());
    expect(error.message).toMatch(CONNECTION_ERROR);
    expect((await adminOk('GET', '/faults')).connections.refused).toBeGreaterThan(0);
    await adminOk('PUT', '/faults', { refuse: false });
    expect((await selectOne()).rows).toEqual([{ one: 1 }]);
  });

  it('cuts open connections: an in-flight query fails at once', async () => {
    await selectOne();
    const started = Date.now();
    const query = sql`SELECT pg_sleep(5)`.execute(db);
    await sleep(300);
    const { cut } = await adminOk('POST', '/faults/cut');
    expect(cut).toBeGreaterThanOrEqual(1);
    expect((await failure(query)).message).toMatch(CONNECTION_ERROR);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await selectOne()).rows).toEqual([{ one: 1 }]);
  });

  it('stages an outage window: errors during it, success after it', async () => {
    const { outage } = await adminOk('PUT', '/faults', { outage: { starts_in_ms: 300, lasts_ms: 1500 } });
    expect(outage).toMatchObject({ active: false });
    const endsAt = Date.parse(outage.ends_at);
    expect(endsAt - Date.parse(outage.starts_at)).toBe(1500);
    await selectOne(); // before the window
    await sleep(500);
    expect((await adminOk('GET', '/faults')).outage.active).toBe(true);
    expect((await failure(selectOne())).message).toMatch(CONNECTION_ERROR);
    expect((await failure(selectOne())).message).toMatch(CONNECTION_ERROR);
    await sleep(Math.max(0, endsAt - Date.now()) + 200);
    expect((await adminOk('GET', '/faults')).outage).toBeNull();
    expect((await selectOne()).rows).toEqual([{ one: 1 }]);
  });
});

describe('Database faults', () => {
  it('makes a company read-only (permission denied, 42501) and writable again', async () => {
    await touchInvoice('pro01', INVOICE_1001);
    expect(await adminOk('PUT', '/companies/01/read-only', { read_only: true })).toEqual({ compid: '01', read_only: true });
    const denied = await failure(touchInvoice('pro01', INVOICE_1001));
    expect(denied.code).toBe('42501');
    expect(denied.message).toMatch(/permission denied/);
    await touchInvoice('pro99', INVOICE_1001); // the other company is untouched
    expect((await sql`SELECT count(*)::int AS n FROM pro01.armast`.execute(db)).rows).toEqual([{ n: expect.any(Number) }]); // still readable
    expect((await adminOk('GET', '/companies/01')).read_only).toBe(true);
    expect(await adminOk('PUT', '/companies/01/read-only', { read_only: false })).toEqual({ compid: '01', read_only: false });
    await touchInvoice('pro01', INVOICE_1001);
  });

  it('holds a row lock: an UPDATE of that row fails with lock_timeout (55P03) in about 2 s', async () => {
    const started = Date.now();
    const res = await admin('POST', '/companies/01/row-locks', { table: 'armast', key: '1001', hold_ms: 8000 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ compid: '01', table: 'armast', key: '1001', rows: 1, hold_ms: 8000 });
    expect(Date.now() - started).toBeLessThan(1000); // answers at once, the lock held in the background
    const waited = Date.now();
    const error = await failure(touchInvoice('pro01', INVOICE_1001));
    const ms = Date.now() - waited;
    expect(error.code).toBe('55P03');
    expect(ms).toBeGreaterThanOrEqual(1800);
    expect(ms).toBeLessThan(3500);
    await touchInvoice('pro01', INVOICE_1002); // other rows are free
    expect((await adminOk('GET', '/row-locks')).row_locks).toEqual([expect.objectContaining({ id: res.body.id })]);
    expect(await adminOk('DELETE', `/row-locks/${res.body.id}`)).toEqual({ id: res.body.id, released: true });
    await touchInvoice('pro01', INVOICE_1001);
    expect((await admin('DELETE', `/row-locks/${res.body.id}`)).status).toBe(404);
  });

  it('releases a row lock by itself after hold_ms', async () => {
    await adminOk('POST', '/companies/99/row-locks', { table: 'arcust', key: 'CASH', hold_ms: 300 });
    await sleep(500);
    expect((await adminOk('GET', '/row-locks')).row_locks).toEqual([]);
    await sql`UPDATE pro99.arcust SET lckuser = lckuser WHERE custno = ${'CASH'}`.execute(db);
  });

  it('locks a record as a Sage Pro user does (lckstat, lckuser, lckdate, lcktime) and unlocks it', async () => {
    const locked = await adminOk('POST', '/companies/01/records/lock', { table: 'arcust', key: 'CASH', user: 'jdoe' });
    expect(locked.records).toEqual([expect.objectContaining({ key: 'CASH', lckstat: 'L', lckuser: 'JDOE' })]);
    const read = () => sql<{ lckstat: string; lckuser: string; lckdate: Date; lcktime: string }>`
      SELECT lckstat, lckuser, lckdate, lcktime FROM pro01.arcust WHERE custno = ${'CASH'}`.execute(db);
    const [row] = (await read()).rows;
    expect(row).toMatchObject({ lckstat: 'L', lckuser: 'JDOE' });
    expect(row.lcktime).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(row.lckdate.getFullYear()).toBeGreaterThan(2000);
    expect((await adminOk('GET', '/companies/01')).record_locks).toEqual([expect.objectContaining({ table: 'arcust', key: 'CASH', lckuser: 'JDOE' })]);

    const invoice = await adminOk('POST', '/companies/01/records/lock', { table: 'armast', key: '1001', user: 'MARY' });
    expect(invoice.records).toEqual([expect.objectContaining({ key: '1001', lckstat: 'L', lckuser: 'MARY' })]);

    await adminOk('POST', '/companies/01/records/unlock', { table: 'arcust', key: 'CASH' });
    expect((await read()).rows[0]).toMatchObject({ lckstat: ' ', lckuser: '    ', lcktime: '        ' });
    await adminOk('POST', '/companies/01/records/unlock', { table: 'armast', key: '1001' });
    expect((await adminOk('GET', '/companies/01')).record_locks).toEqual([]);
  });

  it('resets the sandbox and clears every fault', async () => {
    await adminOk('PUT', '/faults', { latency_ms: 100, cut_after_ms: 60_000 });
    await adminOk('PUT', '/companies/99/read-only', { read_only: true });
    await adminOk('POST', '/companies/99/records/lock', { table: 'somast', key: '5001', user: 'JDOE' });
    await adminOk('POST', '/companies/99/row-locks', { table: 'somast', key: '5001', hold_ms: 60_000 });
    const reset = await adminOk('POST', '/reset');
    expect(reset.faults).toMatchObject({ latency_ms: 0, refuse: false, cut_after_ms: 0, outage: null });
    const { companies } = await adminOk('GET', '/companies');
    expect(companies.map((c: any) => [c.compid, c.read_only, c.record_locks.length, c.row_locks.length])).toEqual([
      ['01', false, 0, 0],
      ['99', false, 0, 0],
    ]);
    await sql`UPDATE pro99.somast SET lckuser = lckuser WHERE sono = ${'      5001'}`.execute(db);
  });
});
