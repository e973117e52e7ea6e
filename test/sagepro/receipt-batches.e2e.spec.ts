/**
 * applyPaymentsToInvoices against the sandbox Sage Pro company (PostgreSQL), on a fresh database: a
 * batch is one transaction, each receipt in it keeps its own outcome, references are applied once
 * within and across batches, and the books still agree afterwards.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSageProSandbox } from '../../backend/src/sandbox/sagepro/index.js';
import { SANDBOX_CONNECTOR_GL } from '../../backend/src/sandbox/sagepro/seed-data.js';
import type { BatchOutcome, IncomingPayment } from '../../backend/src/sagepro/company.js';
import type { SageProDatabase } from '../../backend/src/sagepro/database.js';
import { PermanentSageProError, TransientSageProError } from '../../backend/src/sagepro/errors.js';
import { KyselySageProCompany } from '../../backend/src/sagepro/kysely-company.js';
import type { SageProConnectionInput } from '../../backend/src/sagepro/options.js';
import { payTraceReference } from '../../backend/src/sagepro/references.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { arCounter, cashLines, COMPANY, customer, distributions, expectBooksAgree, type InvoiceFixture, invoice, openInvoices, SYSTEM } from './company-books.js';

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
let fixtures: InvoiceFixture[];

const newCompany = (options: Partial<SageProConnectionInput> = {}) => new KyselySageProCompany(db, { ...OPTIONS, ...options }, { clock: CLOCK });
let nextTransaction = 500_000_001;
const payment = (amountCents: number, extra: Partial<IncomingPayment> = {}): IncomingPayment => ({
  reference: payTraceReference(nextTransaction++), amountCents, date: '2026-10-31', currency: 'USD', ...extra,
});
/** `count` fresh invoices of different customers where possible. */
function takeInvoices(count: number, distinctCustomers = true): InvoiceFixture[] {
  const taken: InvoiceFixture[] = [];
  for (const fixture of [...fixtures]) {
    if (taken.length === count) break;
    if (distinctCustomers && taken.some((other) => other.custno === fixture.custno)) continue;
    taken.push(fixture);
    fixtures.splice(fixtures.indexOf(fixture), 1);
  }
  expect(taken).toHaveLength(count);
  return taken;
}
const kinds = (outcomes: BatchOutcome[]) => outcomes.map((outcome) => (outcome.kind === 'Failed' ? `Failed:${outcome.error.kind}` : outcome.kind));

beforeAll(async () => {
  testDb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: testDb.adminUrl, max: 10 });
  await ensureSageProSandbox(pool);
  db = new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool }) });
  company = newCompany();
  fixtures = (await openInvoices(pool)).filter((fixture) => !fixture.sono);
});

afterAll(async () => {
  await db?.destroy(); // ends the pool
  await testDb?.drop();
});

describe('applyPaymentsToInvoices', () => {
  it('applies a batch in one go: one AR session per receipt, balances and GL as single receipts leave them', async () => {
    const targets = takeInvoices(3);
    const counter = await arCounter(pool);
    const before = await Promise.all(targets.map((target) => customer(pool, target.custno)));
    const paid = targets.map((target) => payment(Math.floor(target.balance / 2)));

    const outcomes = await company.applyPaymentsToInvoices(targets.map((target, i) => ({ invno: target.invno, payment: paid[i] })));

    expect(kinds(outcomes)).toEqual(['Applied', 'Applied', 'Applied']);
    const sessions = outcomes.map((outcome) => (outcome.kind === 'Applied' ? outcome.records.lines[0].arsess : ''));
    expect(sessions).toEqual([1, 2, 3].map((n) => String(counter.lastSession + n)));
    expect(await arCounter(pool)).toEqual({ lastInvno: counter.lastInvno, lastSession: counter.lastSession + 3 });
    for (const [i, target] of targets.entries()) {
      expect(outcomes[i]).toEqual({
        kind: 'Applied',
        records: expect.objectContaining({ reference: paid[i].reference, custno: target.custno, lines: [expect.objectContaining({ invno: target.invno, paidCents: paid[i].amountCents })] }),
      });
      expect(await cashLines(pool, paid[i].reference)).toEqual([expect.objectContaining({ invno: target.invno, paid: paid[i].amountCents, arsess: sessions[i] })]);
      expect(await invoice(pool, target.invno)).toMatchObject({ paid: paid[i].amountCents, balance: target.balance - paid[i].amountCents, dtepaid: '2026-10-31' });
      expect(await customer(pool, target.custno)).toEqual({ balance: before[i].balance - paid[i].amountCents, lastPayment: paid[i].amountCents, lastpay: '2026-10-31' });
      expect(await distributions(pool, sessions[i])).toEqual([
        [target.invno, SANDBOX_CONNECTOR_GL.cash, paid[i].amountCents],
        [target.invno, expect.any(String), -paid[i].amountCents],
      ]);
    }
  });

  it('two payments on one invoice in a batch add up; an overpayment becomes an open credit numbered from the counter', async () => {
    const [target] = takeInvoices(1);
    const counter = await arCounter(pool);
    const before = await customer(pool, target.custno);
    const first = payment(Math.floor(target.balance / 2));
    const second = payment(target.balance - first.amountCents + 1_500); // pays it off and leaves 15.00

    const outcomes = await company.applyPaymentsToInvoices([{ invno: target.invno, payment: first }, { invno: target.invno, payment: second }]);

    expect(kinds(outcomes)).toEqual(['Applied', 'Applied']);
    const credit = String(counter.lastInvno + 1);
    expect(outcomes[1]).toMatchObject({ kind: 'Applied', records: { openCreditInvno: credit } });
    expect(await invoice(pool, target.invno)).toMatchObject({ paid: target.balance, balance: 0 });
    expect(await invoice(pool, credit)).toMatchObject({ artype: 'O', balance: -1_500, refno: second.reference });
    expect((await customer(pool, target.custno)).balance).toBe(before.balance - first.amountCents - second.amountCents);
    expect(await arCounter(pool)).toEqual({ lastInvno: counter.lastInvno + 1, lastSession: counter.lastSession + 2 });
  });

  it('a reference twice in a batch, and again in a later batch, is applied once', async () => {
    const [target, other] = takeInvoices(2);
    const before = await customer(pool, target.custno);
    const paid = payment(1_000);
    const item = { invno: target.invno, payment: paid };

    const outcomes = await company.applyPaymentsToInvoices([item, { invno: other.invno, payment: payment(500) }, item]);
    const later = await company.applyPaymentsToInvoices([item]);
    const single = await company.applyPaymentToInvoice(target.invno, paid);

    expect(kinds(outcomes)).toEqual(['Applied', 'Applied', 'AlreadyApplied']);
    expect(kinds(later)).toEqual(['AlreadyApplied']);
    expect(single.kind).toBe('AlreadyApplied');
    const applied = outcomes[0].kind === 'Applied' ? outcomes[0].records : undefined;
    expect(outcomes[2]).toEqual({ kind: 'AlreadyApplied', records: applied });
    expect(later[0]).toEqual({ kind: 'AlreadyApplied', records: applied });
    expect(single.records).toEqual(applied);
    expect(await cashLines(pool, paid.reference)).toHaveLength(1);
    expect(await invoice(pool, target.invno)).toMatchObject({ balance: target.balance - 1_000 });
    expect((await customer(pool, target.custno)).balance).toBe(before.balance - 1_000);
  });

  it('a bad item does not sink the others: each answers its own typed error and writes nothing', async () => {
    const [good, locked, bigDiscount, good2] = takeInvoices(4);
    const [held] = await openInvoices(pool, `c.credstat = 'H'`);
    const voided = (await pool.query(`SELECT trim(invno) AS invno FROM ${COMPANY}.armast WHERE arstat = 'V' AND balance <> 0 ORDER BY invno LIMIT 1`)).rows[0].invno;
    await pool.query(`UPDATE ${COMPANY}.armast SET lckstat = 'L', lckuser = 'KLT' WHERE invno = $1`, [locked.invno.padStart(10)]);
    const counter = await arCounter(pool);
    const batch = [
      { invno: good.invno, payment: payment(700) },
      { invno: '999999', payment: payment(100) },
      { invno: held.invno, payment: payment(100) },
      { invno: locked.invno, payment: payment(100) },
      { invno: bigDiscount.invno, payment: payment(100, { discountCents: bigDiscount.balance + 1 }) },
      { invno: voided, payment: payment(100) },
      { invno: good2.invno, payment: payment(0) },
      { invno: good2.invno, payment: payment(300, { reference: 'X'.repeat(21) }) },
      { invno: good2.invno, payment: payment(300) },
    ];
    try {
      const outcomes = await company.applyPaymentsToInvoices(batch);

      expect(kinds(outcomes)).toEqual([
        'Applied', 'Failed:invoice_not_found', 'Failed:credit_hold', 'Failed:record_locked', 'Failed:validation', 'Failed:invoice_void', 'Failed:validation',
        'Failed:validation', 'Applied',
      ]);
      expect(outcomes[2]).toMatchObject({ error: expect.any(PermanentSageProError) });
      expect(outcomes[3]).toMatchObject({ error: expect.any(TransientSageProError) });
      expect(outcomes[4]).toMatchObject({ error: { field: 'arcash.disamt' } });
      for (const [i, item] of batch.entries()) {
        if (outcomes[i].kind === 'Failed' && item.payment.reference.length <= 20) expect(await cashLines(pool, item.payment.reference)).toEqual([]);
      }
      expect(await arCounter(pool)).toEqual({ lastInvno: counter.lastInvno, lastSession: counter.lastSession + 2 });
      expect(await invoice(pool, good.invno)).toMatchObject({ balance: good.balance - 700 });
      expect(await invoice(pool, good2.invno)).toMatchObject({ balance: good2.balance - 300 });
      expect(await invoice(pool, locked.invno)).toMatchObject({ paid: 0, balance: locked.balance });
    } finally {
      await pool.query(`UPDATE ${COMPANY}.armast SET lckstat = '', lckuser = '' WHERE invno = $1`, [locked.invno.padStart(10)]);
    }
  });

  it('a failure of the database rolls the whole batch back and every item answers it (Transient lock_timeout)', async () => {
    const [a, b] = takeInvoices(2);
    const counter = await arCounter(pool);
    const holder = await pool.connect();
    const batch = [{ invno: a.invno, payment: payment(100) }, { invno: b.invno, payment: payment(100) }];
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM ${COMPANY}.arcust WHERE custno = $1 FOR UPDATE`, [b.custno]);
      const outcomes = await newCompany({ lockTimeoutMs: 200 }).applyPaymentsToInvoices(batch);
      expect(kinds(outcomes)).toEqual(['Failed:lock_timeout', 'Failed:lock_timeout']);
      expect(outcomes.every((outcome) => outcome.kind === 'Failed' && outcome.error instanceof TransientSageProError)).toBe(true);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    for (const item of batch) expect(await cashLines(pool, item.payment.reference)).toEqual([]);
    expect(await arCounter(pool)).toEqual(counter);
    expect(kinds(await company.applyPaymentsToInvoices(batch))).toEqual(['Applied', 'Applied']);
  });

  it("a value the database itself refuses (here a trigger of the customer's own) fails only its item: the others go again alone", async () => {
    const [a, b, c] = takeInvoices(3);
    const batch = [{ invno: a.invno, payment: payment(100) }, { invno: b.invno, payment: payment(100) }, { invno: c.invno, payment: payment(100) }];
    const refused = batch[1].payment.reference;
    await pool.query(`CREATE FUNCTION ${COMPANY}.refuse_one_refno() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF trim(NEW.refno) = '${refused}' THEN RAISE EXCEPTION 'refno % is on hold' , NEW.refno USING ERRCODE = '22023'; END IF;
        RETURN NEW;
      END $$`);
    await pool.query(`CREATE TRIGGER refuse_one_refno BEFORE INSERT ON ${COMPANY}.arcash FOR EACH ROW EXECUTE FUNCTION ${COMPANY}.refuse_one_refno()`);
    try {
      const outcomes = await company.applyPaymentsToInvoices(batch);
      expect(kinds(outcomes)).toEqual(['Applied', 'Failed:validation', 'Applied']);
      expect(outcomes[1]).toMatchObject({ error: { message: expect.stringContaining('is on hold') } });
    } finally {
      await pool.query(`DROP TRIGGER refuse_one_refno ON ${COMPANY}.arcash; DROP FUNCTION ${COMPANY}.refuse_one_refno()`);
    }
    expect(await cashLines(pool, refused)).toEqual([]);
    expect(await invoice(pool, b.invno)).toMatchObject({ balance: b.balance });
    for (const [item, target] of [[batch[0], a], [batch[2], c]] as const) {
      expect(await cashLines(pool, item.payment.reference)).toHaveLength(1);
      expect(await invoice(pool, target.invno)).toMatchObject({ balance: target.balance - 100 });
    }
  });

  it('a GL account that does not exist refuses every item that posts to it', async () => {
    const [target] = takeInvoices(1);
    const paid = payment(100);
    const outcomes = await newCompany({ gl: { ...OPTIONS.gl, cash: '1099' } }).applyPaymentsToInvoices([{ invno: target.invno, payment: paid }]);
    expect(outcomes).toEqual([{ kind: 'Failed', error: expect.objectContaining({ kind: 'missing_account', value: '1099' }) }]);
    expect(await cashLines(pool, paid.reference)).toEqual([]);
  });

  it('concurrent batches on shared customers and invoices leave the right balances', async () => {
    const targets = takeInvoices(6, false);
    const customers = [...new Set(targets.map((target) => target.custno))];
    const before = new Map(await Promise.all(customers.map(async (custno) => [custno, (await customer(pool, custno)).balance] as const)));
    const counter = await arCounter(pool);
    // Four workers, each paying a small amount on every invoice, in different orders.
    const batches = [0, 1, 2, 3].map((w) => {
      const order = w % 2 ? [...targets].reverse() : targets;
      return order.map((target) => ({ invno: target.invno, payment: payment(100 + w) }));
    });

    const results = await Promise.all(batches.map((batch) => newCompany().applyPaymentsToInvoices(batch)));

    // A deadlock between batches is a Transient answer for the whole batch; send those again.
    for (const [w, outcomes] of results.entries()) {
      if (outcomes.some((outcome) => outcome.kind === 'Failed')) {
        expect(outcomes.every((outcome) => outcome.kind === 'Failed' && outcome.error instanceof TransientSageProError)).toBe(true);
        results[w] = await company.applyPaymentsToInvoices(batches[w]);
      }
    }
    expect(results.flatMap(kinds)).toEqual(Array(24).fill('Applied'));
    const perInvoice = 100 + 101 + 102 + 103;
    for (const target of targets) expect(await invoice(pool, target.invno)).toMatchObject({ paid: perInvoice, balance: target.balance - perInvoice });
    for (const custno of customers) {
      const count = targets.filter((target) => target.custno === custno).length;
      expect((await customer(pool, custno)).balance).toBe(before.get(custno)! - count * perInvoice);
    }
    const sessions = results.flatMap((outcomes) => outcomes.map((outcome) => (outcome.kind === 'Applied' ? outcome.records.lines[0].arsess : '')));
    expect(new Set(sessions).size).toBe(24);
    expect((await arCounter(pool)).lastSession).toBe(counter.lastSession + 24);
  });

  it("writes each item's payment status in the same transaction, in the batch's order; a status it cannot write leaves the receipt in", async () => {
    const [split, typed, earlier] = takeInvoices(3);
    const [ordered] = (await openInvoices(pool)).filter((fixture) => fixture.sono);
    const first = payment(Math.floor(split.balance / 2));
    const rest = payment(split.balance - first.amountCents);
    const again = payment(earlier.balance);
    expect((await company.applyPaymentToInvoice(earlier.invno, again)).kind).toBe('Applied');
    await pool.query(`UPDATE ${COMPANY}.armast SET refno = 'CHECK 10452' WHERE invno = $1`, [typed.invno.padStart(10)]);
    const orderPay = payment(ordered.balance);

    const outcomes = await company.applyPaymentsToInvoices([
      { invno: split.invno, payment: first, status: 'partly_paid' },
      { invno: typed.invno, payment: payment(typed.balance), status: 'paid' },
      { invno: split.invno, payment: rest, status: 'paid' },
      { invno: earlier.invno, payment: again, status: 'paid' },
      { invno: ordered.invno, payment: orderPay, status: 'paid' },
    ]);

    expect(kinds(outcomes)).toEqual(['Applied', 'Applied', 'Applied', 'AlreadyApplied', 'Applied']);
    const statuses = outcomes.map((outcome) => (outcome.kind === 'Failed' ? 'receipt failed' : outcome.status?.kind === 'Failed' ? `Failed:${outcome.status.error.kind}` : outcome.status?.kind));
    expect(statuses).toEqual(['Applied', 'Failed:field_in_use', 'Applied', 'Applied', 'Applied']);
    expect(await invoice(pool, split.invno)).toMatchObject({ balance: 0, refno: `PAID ${rest.reference}` });
    expect(await invoice(pool, typed.invno)).toMatchObject({ balance: 0, refno: 'CHECK 10452' });
    expect(await invoice(pool, earlier.invno)).toMatchObject({ balance: 0, refno: `PAID ${again.reference}` });
    expect(await invoice(pool, ordered.invno)).toMatchObject({ balance: 0, refno: `PAID ${orderPay.reference}` });
    expect(outcomes[4]).toMatchObject({ status: { records: { order: { sono: ordered.sono, orderstat: 'PAID' } } } });
    const { rows } = await pool.query(`SELECT trim(orderstat) AS orderstat FROM ${COMPANY}.somast WHERE trim(sono) = $1`, [ordered.sono]);
    expect(rows).toEqual([{ orderstat: 'PAID' }]);
    // The same batch again: every receipt and every status is there already.
    const repeat = await company.applyPaymentsToInvoices([{ invno: split.invno, payment: rest, status: 'paid' }, { invno: ordered.invno, payment: orderPay, status: 'paid' }]);
    expect(repeat.map((outcome) => [outcome.kind, outcome.kind === 'Failed' ? null : outcome.status?.kind])).toEqual([['AlreadyApplied', 'AlreadyApplied'], ['AlreadyApplied', 'AlreadyApplied']]);
  });

  it('findOpenInvoicesByNumbers answers for each number what findOpenInvoices answers for it alone', async () => {
    const [open, other] = fixtures.slice(0, 2);
    const [paidOff] = (await pool.query(`SELECT trim(invno) AS invno FROM ${COMPANY}.armast WHERE artype = '' AND balance = 0 ORDER BY invno LIMIT 1`)).rows;
    const numbers = [open.invno, ` ${other.invno} `, paidOff.invno, '999999'];
    const found = await company.findOpenInvoicesByNumbers(numbers);
    expect([...found.keys()]).toEqual([open.invno, other.invno, paidOff.invno, '999999']);
    for (const invno of found.keys()) expect(found.get(invno)).toEqual(await company.findOpenInvoices({ invno }));
    expect(found.get(open.invno)).toEqual([expect.objectContaining({ invno: open.invno, balanceCents: open.balance })]);
    expect(found.get('999999')).toEqual([]);
    await expect(company.findOpenInvoicesByNumbers(['12345678901'])).rejects.toMatchObject({ kind: 'validation', field: 'armast.invno' });
  });

  it('the books still agree with themselves', async () => {
    await expectBooksAgree(pool);
  });
});
