/**
 * The SageProCompany contract against the sandbox Sage Pro company (PostgreSQL), on a fresh database:
 * the connector's real code (KyselySageProCompany over PostgresDialect) and the sandbox's seeded
 * company 01. Every scenario checks the tables a Sage Pro user would look at, and the suite ends by
 * checking that the books still agree and that Settle changed no structure.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogFingerprint, catalogFingerprint, ensureSageProSandbox, GL } from '../../backend/src/sandbox/sagepro/index.js';
import { SANDBOX_CONNECTOR_GL } from '../../backend/src/sandbox/sagepro/seed-data.js';
import type { IncomingPayment, ReversalKind } from '../../backend/src/sagepro/company.js';
import type { SageProDatabase } from '../../backend/src/sagepro/database.js';
import { PermanentSageProError, TransientSageProError } from '../../backend/src/sagepro/errors.js';
import { KyselySageProCompany } from '../../backend/src/sagepro/kysely-company.js';
import type { SageProConnectionInput } from '../../backend/src/sagepro/options.js';
import { payTraceReference } from '../../backend/src/sagepro/references.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import {
  arCounter, cashLines, COMPANY, customer, distributions, expectBooksAgree, type InvoiceFixture, invoice, openInvoices, padInvno, SYSTEM,
} from './company-books.js';

const OPTIONS: SageProConnectionInput = {
  dialect: 'postgres',
  compid: '01',
  tables: { company: [COMPANY], system: [SYSTEM] },
  user: 'STL',
  timeZone: 'America/Detroit',
  gl: SANDBOX_CONNECTOR_GL,
  lockTimeoutMs: 2_000,
};
const CLOCK = () => new Date('2026-10-31T15:04:05Z');

let testDb: TestDatabase;
let pool: pg.Pool;
let db: Kysely<SageProDatabase>;
let company: KyselySageProCompany;
let catalogBefore: CatalogFingerprint[];
let fixtures: InvoiceFixture[];
/** Open invoices the seed invoiced from shipped sales orders (armast.ornum set), kept for the scenarios that need one. */
let fromOrders: InvoiceFixture[];

const newCompany = (options: Partial<SageProConnectionInput> = {}) => new KyselySageProCompany(db, { ...OPTIONS, ...options }, { clock: CLOCK });
/** A fresh open invoice per scenario, so scenarios never share one. */
const takeInvoice = () => fixtures.shift()!;
let nextTransaction = 400_000_001;
const reference = () => payTraceReference(nextTransaction++);
const payment = (amountCents: number, extra: Partial<IncomingPayment> = {}): IncomingPayment => ({
  reference: reference(), amountCents, date: '2026-10-31', currency: 'USD', ...extra,
});

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the operation to fail');
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: testDb.adminUrl, max: 10 });
  await ensureSageProSandbox(pool);
  catalogBefore = await Promise.all([COMPANY, SYSTEM].map((schema) => catalogFingerprint(pool, schema)));
  db = new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool }) });
  company = newCompany();
  const open = await openInvoices(pool, `a.ornum <> ''`);
  fromOrders = open.filter((fixture) => fixture.sono);
  fixtures = (await openInvoices(pool)).filter((fixture) => !fixture.sono);
});

afterAll(async () => {
  await db?.destroy(); // ends the pool
  await testDb?.drop();
});

describe('finding open invoices', () => {
  it('by invoice number, PO number, sales order and customer + amount + date window', async () => {
    // The seed invoiced a few shipped orders that are not paid yet (armast.ornum set, ponum from the order).
    expect(fromOrders.length).toBeGreaterThanOrEqual(2);
    const target = fromOrders.shift()!;
    expect(target.ponum).not.toBe('');

    const expected = expect.objectContaining({ invno: target.invno, custno: target.custno, balanceCents: target.balance, sono: target.sono, ponum: target.ponum });
    expect(await company.findOpenInvoices({ invno: target.invno })).toEqual([expected]);
    expect(await company.findOpenInvoices({ invno: `  ${target.invno}` })).toEqual([expected]);
    expect(await company.findOpenInvoices({ sono: target.sono })).toEqual([expected]);
    expect(await company.findOpenInvoices({ ponum: target.ponum, custno: target.custno })).toEqual([expected]);
    expect(await company.findOpenInvoices({ custno: target.custno, amountCents: target.balance, from: target.invdte, to: target.invdte })).toEqual([expected]);
    expect(await company.findOpenInvoices({ custno: target.custno, amountCents: target.balance + 1, from: target.invdte, to: target.invdte })).toEqual([]);
  });

  it('never answers void or paid invoices', async () => {
    const pick = async (where: string) => (await pool.query(`SELECT trim(invno) AS invno FROM ${COMPANY}.armast WHERE ${where} ORDER BY invno LIMIT 1`)).rows[0].invno;
    const voided = await pick(`arstat = 'V' AND balance <> 0`);
    const paid = await pick(`arstat = '' AND artype = '' AND balance = 0 AND paidamt > 0`);
    for (const invno of [voided, paid]) expect(await company.findOpenInvoices({ invno })).toEqual([]);
  });
});

describe('cash receipts', () => {
  it('a partial payment: arcash line, invoice and customer balances, Dr card clearing / Cr AR in a new AR session', async () => {
    const target = takeInvoice();
    const [before, counter] = [await customer(pool, target.custno), await arCounter(pool)];
    const paid = payment(Math.floor(target.balance / 3));

    const outcome = await company.applyPaymentToInvoice(target.invno, paid);

    const session = String(counter.lastSession + 1);
    expect(outcome).toEqual({
      kind: 'Applied',
      records: {
        reference: paid.reference, custno: target.custno, openCreditInvno: undefined,
        lines: [{ reference: paid.reference, custno: target.custno, invno: target.invno, paidCents: paid.amountCents, discountCents: 0, date: '2026-10-31', arsess: session, cashAccount: GL.cardClearing }],
      },
    });
    expect(await cashLines(pool, paid.reference)).toEqual([expect.objectContaining({ invno: target.invno, paid: paid.amountCents, arsess: session, cashacct: GL.cardClearing })]);
    expect(await invoice(pool, target.invno)).toMatchObject({ paid: paid.amountCents, balance: target.balance - paid.amountCents, dtepaid: '2026-10-31' });
    expect(await customer(pool, target.custno)).toEqual({ balance: before.balance - paid.amountCents, lastPayment: paid.amountCents, lastpay: '2026-10-31' });
    expect(await distributions(pool, session)).toEqual([
      [target.invno, GL.cardClearing, paid.amountCents],
      [target.invno, GL.receivables, -paid.amountCents],
    ]);
    expect(await arCounter(pool)).toEqual({ lastInvno: counter.lastInvno, lastSession: counter.lastSession + 1 });
  });

  it('four workers applying different payments to one invoice at once leave the right balance', async () => {
    const target = takeInvoice();
    const before = await customer(pool, target.custno);
    const payments = [1, 2, 3, 4].map((n) => payment(Math.floor(target.balance / 10) + n));
    const workers = payments.map(() => newCompany());

    const outcomes = await Promise.all(payments.map((paid, i) => workers[i].applyPaymentToInvoice(target.invno, paid)));

    const total = payments.reduce((sum, paid) => sum + paid.amountCents, 0);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['Applied', 'Applied', 'Applied', 'Applied']);
    expect(await invoice(pool, target.invno)).toMatchObject({ paid: total, balance: target.balance - total });
    expect((await customer(pool, target.custno)).balance).toBe(before.balance - total);
    const sessions = outcomes.map((outcome) => outcome.records.lines[0].arsess);
    expect(new Set(sessions).size).toBe(4);
  });

  it('the same payment applied twice at once, and again later, leaves one receipt', async () => {
    const target = takeInvoice();
    const before = await customer(pool, target.custno);
    const paid = payment(Math.floor(target.balance / 2));

    const outcomes = await Promise.all([newCompany(), newCompany()].map((worker) => worker.applyPaymentToInvoice(target.invno, paid)));
    const retry = await company.applyPaymentToInvoice(target.invno, paid);

    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['AlreadyApplied', 'Applied']);
    expect(retry.kind).toBe('AlreadyApplied');
    expect(retry.records).toEqual(outcomes.find((outcome) => outcome.kind === 'Applied')!.records);
    expect(await cashLines(pool, paid.reference)).toHaveLength(1);
    expect(await invoice(pool, target.invno)).toMatchObject({ balance: target.balance - paid.amountCents });
    expect((await customer(pool, target.custno)).balance).toBe(before.balance - paid.amountCents);
  });

  it('an overpayment pays the invoice off and leaves the rest as an open credit (artype O)', async () => {
    const target = takeInvoice();
    const [before, counter] = [await customer(pool, target.custno), await arCounter(pool)];
    const paid = payment(target.balance + 2_550);

    const outcome = await company.applyPaymentToInvoice(target.invno, paid);

    const creditInvno = String(counter.lastInvno + 1);
    expect(outcome.records.openCreditInvno).toBe(creditInvno);
    expect(await invoice(pool, target.invno)).toMatchObject({ balance: 0, paid: target.balance });
    expect(await invoice(pool, creditInvno)).toMatchObject({ artype: 'O', paid: 2_550, balance: -2_550, refno: paid.reference });
    expect((await cashLines(pool, paid.reference)).map((line) => [line.invno, line.paid])).toEqual([[target.invno, target.balance], [creditInvno, 2_550]]);
    expect((await customer(pool, target.custno)).balance).toBe(before.balance - paid.amountCents);
    const session = String(counter.lastSession + 1);
    expect(await distributions(pool, session)).toEqual([
      [target.invno, GL.cardClearing, target.balance], [target.invno, GL.receivables, -target.balance],
      [creditInvno, GL.cardClearing, 2_550], [creditInvno, GL.receivables, -2_550],
    ]);
    expect(await company.findOpenInvoices({ invno: target.invno })).toEqual([]);
    expect((await company.applyPaymentToInvoice(target.invno, paid)).records.openCreditInvno).toBe(creditInvno);
  });

  it('a payment on account is an open credit of the customer', async () => {
    const { custno } = takeInvoice();
    const before = await customer(pool, custno);
    const paid = payment(12_345);

    const outcome = await company.applyPaymentOnAccount(custno, paid);

    expect(outcome.kind).toBe('Applied');
    const creditInvno = outcome.records.openCreditInvno!;
    expect(await invoice(pool, creditInvno)).toMatchObject({ artype: 'O', balance: -12_345, refno: paid.reference });
    expect((await customer(pool, custno)).balance).toBe(before.balance - 12_345);
    expect((await company.applyPaymentOnAccount(custno, paid)).kind).toBe('AlreadyApplied');
    expect(await cashLines(pool, paid.reference)).toHaveLength(1);
  });
});

describe('reversals', () => {
  it.each<[ReversalKind, string]>([
    ['void', GL.cardClearing],
    ['refund', GL.refunds],
    ['chargeback', GL.chargebacks],
  ])('a %s restores the invoice and customer balances and credits %s', async (kind, creditedAccount) => {
    const target = takeInvoice();
    const before = await customer(pool, target.custno);
    const paid = payment(target.balance);
    await company.applyPaymentToInvoice(target.invno, paid);
    const transactionId = paid.reference.slice(2);
    const reversalReference = kind === 'refund' ? reference() : payTraceReference(transactionId, kind);

    const outcome = await company.reverseReceipt({ kind, reference: reversalReference, receiptReference: paid.reference, date: '2026-11-01' });

    expect(outcome.kind).toBe('Applied');
    expect(await invoice(pool, target.invno)).toMatchObject({ paid: 0, balance: target.balance });
    expect((await customer(pool, target.custno)).balance).toBe(before.balance);
    expect(await cashLines(pool, reversalReference)).toEqual([expect.objectContaining({ invno: target.invno, paid: -target.balance, cashacct: creditedAccount })]);
    expect(await distributions(pool, outcome.records.lines[0].arsess)).toEqual([
      [target.invno, GL.receivables, target.balance],
      [target.invno, creditedAccount, -target.balance],
    ]);
    const again = await company.reverseReceipt({ kind, reference: reversalReference, receiptReference: paid.reference, date: '2026-11-01' });
    expect(again).toEqual({ kind: 'AlreadyApplied', records: outcome.records });
  });

  it('a partial refund of an overpayment empties the open credit before reopening the invoice', async () => {
    const target = takeInvoice();
    const paid = payment(target.balance + 1_000);
    const { records } = await company.applyPaymentToInvoice(target.invno, paid);

    await company.reverseReceipt({ kind: 'refund', reference: reference(), receiptReference: paid.reference, amountCents: 1_500, date: '2026-11-01' });

    expect(await invoice(pool, records.openCreditInvno!)).toMatchObject({ balance: 0, paid: 0 });
    expect(await invoice(pool, target.invno)).toMatchObject({ balance: 500 });
    const beyond = await failure(() => company.reverseReceipt({ kind: 'refund', reference: reference(), receiptReference: paid.reference, amountCents: target.balance, date: '2026-11-01' }));
    expect(beyond).toMatchObject({ kind: 'validation', field: 'arcash.paidamt' });
  });

  it('planReversal plans, from reads without locks, the rows reverseReceipt then writes (session 0), and writes nothing', async () => {
    const target = takeInvoice();
    const paid = payment(target.balance + 1_000);
    await company.applyPaymentToInvoice(target.invno, paid);
    const reversal = { kind: 'refund' as const, reference: reference(), receiptReference: paid.reference, amountCents: 1_500, date: '2026-11-01', description: 'Back to the card' };
    const counter = await arCounter(pool);
    const rows = async () => (await pool.query(`SELECT (SELECT count(*) FROM ${COMPANY}.arcash)::int AS cash, (SELECT count(*) FROM ${COMPANY}.ardist)::int AS dist, (SELECT md5(string_agg(t::text, '|' ORDER BY t.id_col)) FROM ${COMPANY}.armast t) AS items`)).rows[0];
    const before = await rows();

    const planned = await company.planReversal(reversal);

    expect(await rows()).toEqual(before);
    expect(await arCounter(pool)).toEqual(counter);
    if (planned.kind !== 'planned') throw new Error('expected a plan');
    expect(planned.currency).toBe('USD');
    const outcome = await company.reverseReceipt(reversal);
    const session = outcome.records.lines[0].arsess;
    const { rows: cash } = await pool.query(`SELECT custno, invno, refno, paidamt::text, disamt::text, cashacct, currid FROM ${COMPANY}.arcash WHERE trim(refno) = $1 ORDER BY id_col`, [reversal.reference]);
    const plainCash = planned.plan.arcash.map(({ custno, invno, refno, paidamt, disamt, cashacct, currid }) => ({ custno, invno, refno, paidamt, disamt, cashacct, currid }));
    const plain = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, key.endsWith('amt') ? Number(value).toFixed(2) : String(value).trim()]));
    expect(cash.map(plain)).toEqual(plainCash.map(plain));
    expect(planned.plan.ardistLines.every((line) => String(line.arsess).trim() === '0' && line.descrip === 'Back to the card')).toBe(true);
    expect(await distributions(pool, session)).toEqual(planned.plan.ardistLines.map((line) => [String(line.tranno).trim(), String(line.glacnt).trim(), Math.round(Number(line.amount) * 100)]));

    expect(await company.planReversal(reversal)).toEqual({ kind: 'already_applied', records: expect.objectContaining({ reference: reversal.reference }) });
  });

  it('a receipt Settle never wrote cannot be reversed', async () => {
    const error = await failure(() => company.reverseReceipt({ kind: 'void', reference: 'PT1-V', receiptReference: 'PT1', date: '2026-11-01' }));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error).toMatchObject({ kind: 'receipt_not_found' });
  });
});

describe("Sage Pro's rules", () => {
  it('a record a Sage Pro user holds is not written: Transient, and applied once released', async () => {
    const target = takeInvoice();
    const before = await invoice(pool, target.invno);
    const paid = payment(1_000);
    for (const table of ['arcust', 'armast']) {
      const key = table === 'arcust' ? ['custno', target.custno] : ['invno', padInvno(target.invno)];
      await pool.query(`UPDATE ${COMPANY}.${table} SET lckstat = 'L', lckuser = 'KLT' WHERE ${key[0]} = $1`, [key[1]]);
      const error = await failure(() => company.applyPaymentToInvoice(target.invno, paid));
      expect(error).toBeInstanceOf(TransientSageProError);
      expect(error).toMatchObject({ kind: 'record_locked', retryable: true });
      expect(error.message).toContain('KLT');
      expect(await cashLines(pool, paid.reference)).toEqual([]);
      expect(await invoice(pool, target.invno)).toEqual(before);
      await pool.query(`UPDATE ${COMPANY}.${table} SET lckstat = '', lckuser = '' WHERE ${key[0]} = $1`, [key[1]]);
    }
    expect((await company.applyPaymentToInvoice(target.invno, paid)).kind).toBe('Applied');
  });

  it('a row lock held past lockTimeoutMs is a Transient lock_timeout', async () => {
    const target = takeInvoice();
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM ${COMPANY}.arcust WHERE custno = $1 FOR UPDATE`, [target.custno]);
      const error = await failure(() => newCompany({ lockTimeoutMs: 200 }).applyPaymentToInvoice(target.invno, payment(100)));
      expect(error).toBeInstanceOf(TransientSageProError);
      expect(error).toMatchObject({ kind: 'lock_timeout' });
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });

  it('a customer on credit hold is refused as Permanent credit_hold (unless the connection applies anyway)', async () => {
    const [held] = await openInvoices(pool, `c.credstat = 'H'`);
    const paid = payment(500);
    const error = await failure(() => company.applyPaymentToInvoice(held.invno, paid));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error).toMatchObject({ kind: 'credit_hold', field: 'arcust.credstat' });
    expect(await cashLines(pool, paid.reference)).toEqual([]);
    expect((await newCompany({ creditHold: 'apply' }).applyPaymentToInvoice(held.invno, paid)).kind).toBe('Applied');
  });

  it('a GL account that does not exist is refused as Permanent, and nothing is written', async () => {
    const target = takeInvoice();
    const counter = await arCounter(pool);
    const paid = payment(700);
    const error = await failure(() => newCompany({ gl: { ...OPTIONS.gl, cash: '1099' } }).applyPaymentToInvoice(target.invno, paid));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error).toMatchObject({ kind: 'missing_account', field: 'glacnt.glacnt', value: '1099' });
    expect(await cashLines(pool, paid.reference)).toEqual([]);
    expect(await arCounter(pool)).toEqual(counter);
    expect((await company.listGlAccounts()).map((account) => account.account)).not.toContain('1099');
  });

  it('a value too long for its field is a Permanent validation error naming table.field', async () => {
    const target = takeInvoice();
    const error = await failure(() => company.applyPaymentToInvoice(target.invno, payment(100, { reference: 'PT' + '9'.repeat(19) })));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error).toMatchObject({ kind: 'validation', field: 'arcash.refno', rule: 'char(20): at most 20 characters' });
    expect(await failure(() => company.applyPaymentToInvoice('12345678901', payment(100)))).toMatchObject({ kind: 'validation', field: 'armast.invno' });
  });

  it('a missing or void invoice is Permanent', async () => {
    expect(await failure(() => company.applyPaymentToInvoice('999999', payment(100)))).toMatchObject({ kind: 'invoice_not_found' });
    const { rows: [voided] } = await pool.query(`SELECT trim(invno) AS invno FROM ${COMPANY}.armast WHERE arstat = 'V' LIMIT 1`);
    expect(await failure(() => company.applyPaymentToInvoice(voided.invno, payment(100)))).toMatchObject({ kind: 'invoice_void' });
  });

  it('lists the chart of accounts', async () => {
    expect(await company.listGlAccounts()).toContainEqual({ account: GL.cardClearing, description: 'Card Clearing - PayTrace', type: 'A', active: true });
  });
});

describe('payment status', () => {
  it('shows Paid on the order (ORDRSTAT code) and on the invoice (armast.refno), once', async () => {
    const target = fromOrders.shift()!; // invoiced from a sales order by the seed
    const order = { sono: target.sono };

    const outcome = await company.recordPaymentStatus({ status: 'paid', invno: target.invno, reference: 'PT400000999' });

    expect(outcome).toEqual({
      kind: 'Applied',
      records: { invoice: { invno: target.invno, field: 'armast.refno', text: 'PAID PT400000999' }, order: { sono: order.sono, orderstat: 'PAID' } },
    });
    const { rows: [stored] } = await pool.query(`SELECT trim(orderstat) AS orderstat FROM ${COMPANY}.somast WHERE sono = $1`, [order.sono.padStart(10)]);
    expect(stored.orderstat).toBe('PAID');
    expect((await invoice(pool, target.invno)).refno).toBe('PAID PT400000999');
    expect((await company.recordPaymentStatus({ status: 'paid', invno: target.invno, reference: 'PT400000999' })).kind).toBe('AlreadyApplied');
    expect((await company.recordPaymentStatus({ status: 'refunded', sono: order.sono })).records.order).toEqual({ sono: order.sono, orderstat: 'REFUNDED' });
  });

  it('refuses a code ORDRSTAT lacks and an invoice field a person filled in', async () => {
    const target = takeInvoice();
    const { rows: [order] } = await pool.query(`SELECT trim(sono) AS sono FROM ${COMPANY}.somast WHERE sostat = '' AND sotype = '' ORDER BY sono LIMIT 1 OFFSET 1`);
    const unknown = newCompany({ paymentStatus: { orderField: 'orderstat', invoiceField: null, codes: { failed: 'DECLINED' } } });
    expect(await failure(() => unknown.recordPaymentStatus({ status: 'failed', sono: order.sono }))).toMatchObject({ kind: 'unknown_status_code', field: 'somast.orderstat' });

    await pool.query(`UPDATE ${COMPANY}.armast SET refno = 'CHECK 10452' WHERE invno = $1`, [padInvno(target.invno)]);
    expect(await failure(() => company.recordPaymentStatus({ status: 'failed', invno: target.invno }))).toMatchObject({ kind: 'field_in_use', field: 'armast.refno' });
    expect((await invoice(pool, target.invno)).refno).toBe('CHECK 10452');
  });
});

describe('after the suite', () => {
  it('the books still agree with themselves', async () => {
    await expectBooksAgree(pool);
  });

  it("Settle changed nothing in the company's or the system's schema", async () => {
    const after = await Promise.all([COMPANY, SYSTEM].map((schema) => catalogFingerprint(pool, schema)));
    expect(after.map((fingerprint) => fingerprint.entries)).toEqual(catalogBefore.map((fingerprint) => fingerprint.entries));
    expect(after.map((fingerprint) => fingerprint.hash)).toEqual(catalogBefore.map((fingerprint) => fingerprint.hash));
  });
});
