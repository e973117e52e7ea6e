/**
 * Every fault the Sage Pro sandbox can inject reaches the connector as the right typed error, because
 * the connector's pool goes through the sandbox's TCP proxy as the sandbox's own role: refused and cut
 * connections, an outage, a held row lock and a record a Sage Pro user has open are Transient (retry
 * later); a read-only company is Permanent (a person must act). Latency only slows things down.
 */
import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GL } from '../../backend/src/sandbox/sagepro/index.js';
import type { SageProSandboxAccess } from '../../backend/src/sandbox/sagepro/faults/sandbox-access.js';
import { markRecordLock } from '../../backend/src/sandbox/sagepro/faults/record-locks.js';
import { setCompanyReadOnly } from '../../backend/src/sandbox/sagepro/faults/connector-role.js';
import { SandboxService } from '../../backend/src/sandbox/sandbox.service.js';
import type { SageProDatabase } from '../../backend/src/sagepro/database.js';
import { PermanentSageProError, TransientSageProError } from '../../backend/src/sagepro/errors.js';
import { KyselySageProCompany } from '../../backend/src/sagepro/kysely-company.js';
import type { SageProConnectionInput } from '../../backend/src/sagepro/options.js';
import { payTraceReference } from '../../backend/src/sagepro/references.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { COMPANY, type InvoiceFixture, openInvoices, SYSTEM } from './company-books.js';

const OPTIONS: SageProConnectionInput = {
  dialect: 'postgres',
  compid: '01',
  tables: { company: [COMPANY], system: [SYSTEM] },
  user: 'STL',
  timeZone: 'America/Los_Angeles',
  gl: { cash: GL.cardClearing, receivables: GL.receivables, discounts: GL.discounts, refunds: GL.refunds, chargebacks: GL.chargebacks },
  lockTimeoutMs: 2_000,
};

let t: TestApp;
let access: SageProSandboxAccess;
let company: KyselySageProCompany;
let invoices: InvoiceFixture[];
let nextTransaction = 500_000_001;

const pay = (invno: string) =>
  company.applyPaymentToInvoice(invno, { reference: payTraceReference(nextTransaction++), amountCents: 100, date: '2026-10-31', currency: 'USD' });

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the operation to fail');
}

beforeAll(async () => {
  t = await startTestApp();
  access = await t.app.get(SandboxService).sageProSandbox();
  const db = new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool: access.pool }) });
  company = new KyselySageProCompany(db, OPTIONS);
  invoices = await openInvoices(access.adminPool);
});

afterEach(async () => {
  access.proxy.setFaults({ latencyMs: 0, refuse: false, cutAfterMs: 0 });
  await setCompanyReadOnly(access.adminPool, COMPANY, false);
});

afterAll(() => t?.close());

describe('injected Sage Pro faults reach the connector as typed errors', () => {
  it('works through the proxy, and latency only slows it down', async () => {
    const started = Date.now();
    await pay(invoices[0].invno);
    const fast = Date.now() - started;
    access.proxy.setFaults({ latencyMs: 40 });
    const slowStart = Date.now();
    await expect(pay(invoices[0].invno)).resolves.toMatchObject({ kind: 'Applied' });
    expect(Date.now() - slowStart).toBeGreaterThan(fast + 40);
  });

  it('refused connections are Transient', async () => {
    access.proxy.setFaults({ refuse: true });
    access.proxy.cutNow();
    const error = await failure(() => pay(invoices[1].invno));
    expect(error).toBeInstanceOf(TransientSageProError);
    expect(['connection_refused', 'connection_lost']).toContain((error as TransientSageProError).kind);
  });

  it('a connection cut in the middle of a write is Transient, and nothing half-written remains', async () => {
    access.proxy.setFaults({ latencyMs: 150 });
    const writing = failure(() => pay(invoices[2].invno));
    setTimeout(() => access.proxy.cutNow(), 200);
    const error = await writing;
    expect(error).toBeInstanceOf(TransientSageProError);
    expect((error as TransientSageProError).kind).toBe('connection_lost');
    access.proxy.setFaults({ latencyMs: 0 });
    const receipts = await access.adminPool.query(`SELECT count(*)::int AS n FROM ${COMPANY}.arcash WHERE refno = $1`, [payTraceReference(nextTransaction - 1)]);
    expect(receipts.rows[0].n).toBe(0);
  });

  it('a row held locked by another session is a Transient lock timeout', async () => {
    const invno = invoices[3].invno;
    await access.rowLocks.hold(COMPANY, 'armast', invno, 6_000);
    const error = await failure(() => pay(invno));
    expect(error).toBeInstanceOf(TransientSageProError);
    expect((error as TransientSageProError).kind).toBe('lock_timeout');
  });

  it('a record a Sage Pro user has open is Transient and left untouched', async () => {
    const invno = invoices[4].invno;
    await markRecordLock(access.adminPool, COMPANY, 'armast', invno, 'JDOE');
    const error = await failure(() => pay(invno));
    expect(error).toBeInstanceOf(TransientSageProError);
    expect((error as TransientSageProError).kind).toBe('record_locked');
  });

  it('a read-only company is Permanent: a person has to give Settle write access again', async () => {
    await setCompanyReadOnly(access.adminPool, COMPANY, true);
    const error = await failure(() => pay(invoices[5].invno));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect((error as PermanentSageProError).kind).toBe('permission_denied');
  });
});
