/**
 * Customers and sales orders through the connector (KyselySageProCompany over PostgresDialect)
 * against the sandbox's company 01, on a fresh database: what a Sage Pro user would see in ARCUST,
 * SOMAST/SOTRAN/SOADDR, ICILOC/ICIQTY and SYSDATA after each scenario, exactly once by the Settle
 * reference, and no change to the company's structure.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogFingerprint, catalogFingerprint, ensureSageProSandbox } from '../../backend/src/sandbox/sagepro/index.js';
import { SANDBOX_CONNECTOR_GL } from '../../backend/src/sandbox/sagepro/seed-data.js';
import type { NewCustomer, NewSalesOrder } from '../../backend/src/sagepro/company.js';
import type { SageProDatabase } from '../../backend/src/sagepro/database.js';
import { PermanentSageProError, TransientSageProError } from '../../backend/src/sagepro/errors.js';
import { KyselySageProCompany } from '../../backend/src/sagepro/kysely-company.js';
import { sageMoneyToCents as cents } from '../../backend/src/sagepro/money.js';
import type { SageProConnectionInput } from '../../backend/src/sagepro/options.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { COMPANY, expectBooksAgree, SYSTEM } from './company-books.js';

const OPTIONS: SageProConnectionInput = {
  dialect: 'postgres',
  compid: '01',
  tables: { company: [COMPANY], system: [SYSTEM] },
  user: 'STL',
  timeZone: 'America/Detroit',
  gl: SANDBOX_CONNECTOR_GL,
  lockTimeoutMs: 2_000,
};
const CLOCK = () => new Date('2026-10-31T15:04:05Z'); // 11:04:05 in Detroit

let testDb: TestDatabase;
let pool: pg.Pool;
let db: Kysely<SageProDatabase>;
let company: KyselySageProCompany;
let catalogBefore: CatalogFingerprint[];

const newCompany = () => new KyselySageProCompany(db, OPTIONS, { clock: CLOCK });

async function failure(run: () => Promise<unknown>): Promise<PermanentSageProError> {
  try {
    await run();
  } catch (error) {
    return error as PermanentSageProError;
  }
  throw new Error('expected the operation to fail');
}

async function rows<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await pool.query(text, values)).rows as T[];
}

const customerCount = async () => Number((await rows<{ n: string }>(`SELECT count(*) AS n FROM ${COMPANY}.arcust`))[0].n);
const orderCount = async () => Number((await rows<{ n: string }>(`SELECT count(*) AS n FROM ${COMPANY}.somast`))[0].n);
const soCounter = async () => Number((await rows<{ int1: string }>(`SELECT int1 FROM ${SYSTEM}.sysdata WHERE sysid = 'SO01'`))[0].int1);

/** A customer Settle may sell to: active, not on hold, not open in Sage Pro. */
async function sellableCustomer(offset = 0): Promise<string> {
  const [row] = await rows<{ custno: string }>(
    `SELECT trim(custno) AS custno FROM ${COMPANY}.arcust WHERE credstat = '' AND custstat = '' AND lckstat = '' AND custno <> 'CASH' ORDER BY custno OFFSET $1 LIMIT 1`,
    [offset],
  );
  return row.custno;
}

interface Stock {
  item: string;
  loctid: string;
  onHand: number;
  allocated: number;
  binAllocated: number;
  price: number;
}

/** Stock of an item at a location, in units (the seed's quantities are whole). */
async function stock(item: string, loctid: string): Promise<Stock> {
  const [row] = await rows<Record<string, string>>(
    `SELECT trim(l.item) AS item, trim(l.loctid) AS loctid, l.lonhand, l.lsoaloc, i.price,
            (SELECT sum(q.qsoaloc) FROM ${COMPANY}.iciqty q WHERE q.item = l.item AND q.loctid = l.loctid) AS bins
       FROM ${COMPANY}.iciloc l JOIN ${COMPANY}.icitem i ON i.item = l.item
      WHERE l.item = $1 AND l.loctid = $2`,
    [item, loctid],
  );
  return { item: row.item, loctid: row.loctid, onHand: Number(row.lonhand), allocated: Number(row.lsoaloc), binAllocated: Number(row.bins), price: cents(row.price) };
}

/** Item locations with at least `min` available, one per item, most available first. */
async function availableStock(min: number): Promise<Stock[]> {
  const found = await rows<{ item: string; loctid: string }>(
    `SELECT DISTINCT ON (l.item) trim(l.item) AS item, trim(l.loctid) AS loctid FROM ${COMPANY}.iciloc l
      WHERE l.lonhand - l.lsoaloc >= $1 ORDER BY l.item, l.lonhand - l.lsoaloc DESC`,
    [min],
  );
  return Promise.all(found.map((row) => stock(row.item, row.loctid)));
}

async function ordersWithReference(reference: string) {
  return rows<Record<string, string>>(
    `SELECT trim(sono) AS sono, trim(custno) AS custno, sostat, sotype, trim(orderstat) AS orderstat, trim(ponum) AS ponum, ordamt, notes,
            to_char(sodate, 'YYYY-MM-DD') AS sodate, trim(adduser) AS adduser, addtime
       FROM ${COMPANY}.somast WHERE notes LIKE $1 ORDER BY id_col`,
    [`%<Settle ${reference}>%`],
  );
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: testDb.adminUrl, max: 10 });
  await ensureSageProSandbox(pool);
  catalogBefore = await Promise.all([COMPANY, SYSTEM].map((schema) => catalogFingerprint(pool, schema)));
  db = new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool }) });
  company = newCompany();
});

afterAll(async () => {
  await db?.destroy(); // ends the pool
  await testDb?.drop();
});

const quokka: NewCustomer = {
  reference: 'PTC-1001',
  company: 'Quokka Outfitters',
  contact: 'Dana Whitfield',
  title: 'Controller',
  address: { line1: '400 Harbor Blvd', line2: '', city: 'Holland', state: 'MI', zip: '49423', country: 'USA' },
  phone: '616-555-0142',
  email: 'AP@Quokka.example',
  terms: { code: 'Net 30', netDays: 30 },
  salesperson: 'JM',
  territory: 'MW',
  creditLimitCents: 2_500_000,
};

describe('customers', () => {
  it('creates a customer under the next number for its name and finds it by custno, e-mail and company', async () => {
    expect(await rows(`SELECT custno FROM ${COMPANY}.arcust WHERE custno LIKE 'QUO%'`)).toEqual([]);

    const outcome = await company.createCustomer(quokka);

    expect(outcome.kind).toBe('Applied');
    const record = outcome.records;
    expect(record).toEqual({
      custno: 'QUO100', company: 'Quokka Outfitters', contact: 'Dana Whitfield', title: 'Controller',
      address: { line1: '400 Harbor Blvd', line2: '', city: 'Holland', state: 'MI', zip: '49423', country: 'USA' },
      phone: '616-555-0142', fax: '', email: 'AP@Quokka.example', currency: 'USD',
      terms: { code: 'Net 30', discountPercent: 0, discountDays: 0, netDays: 30 }, salesperson: 'JM', territory: 'MW', type: '', source: '',
      arAccount: '', creditLimitCents: 2_500_000, balanceCents: 0, onOrderCents: 0, creditHold: false, active: true, lockedBy: null, reference: 'PTC-1001',
    });
    const [stored] = await rows<Record<string, string>>(
      `SELECT custno, comment, currency, adduser, addtime, to_char(adddate, 'YYYY-MM-DD') AS adddate, to_char(entered, 'YYYY-MM-DD') AS entered
         FROM ${COMPANY}.arcust WHERE custno = 'QUO100'`,
    );
    expect(stored).toEqual({
      custno: 'QUO100', comment: '<Settle PTC-1001>'.padEnd(65), currency: 'USD', adduser: 'STL ', addtime: '11:04:05', adddate: '2026-10-31', entered: '2026-10-31',
    });

    expect(await company.findCustomer({ custno: 'quo100 ' })).toEqual([record]);
    expect(await company.findCustomer({ email: '  ap@quokka.EXAMPLE ' })).toEqual([record]);
    expect(await company.findCustomer({ company: ' QUOKKA outfitters' })).toEqual([record]);
    expect(await company.findCustomer({ company: 'Quokka' })).toEqual([]);
  });

  it('answers AlreadyApplied to the same create again, and to the same create sent three times at once', async () => {
    const before = await customerCount();
    const again = await company.createCustomer({ ...quokka, phone: '616-555-0000' });
    expect(again.kind).toBe('AlreadyApplied');
    expect(again.records).toMatchObject({ custno: 'QUO100', phone: '616-555-0142' });

    const wallaby: NewCustomer = { ...quokka, reference: 'PTC-1002', company: 'Quokka Outfitters West', email: 'ap@quokka-west.example' };
    const outcomes = await Promise.all([newCompany(), newCompany(), newCompany()].map((worker) => worker.createCustomer(wallaby)));
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['AlreadyApplied', 'AlreadyApplied', 'Applied']);
    expect(new Set(outcomes.map((outcome) => outcome.records.custno))).toEqual(new Set(['QUO101']));
    expect(await rows(`SELECT custno FROM ${COMPANY}.arcust WHERE comment LIKE '%<Settle PTC-1002>%'`)).toHaveLength(1);
    expect(await customerCount()).toBe(before + 1);
  });

  it('takes the custno given, in upper case, and refuses one another customer has', async () => {
    const given = await company.createCustomer({ reference: 'PTC-1003', custno: 'qk-1', company: 'QK Fasteners' });
    expect(given).toMatchObject({ kind: 'Applied', records: { custno: 'QK-1', company: 'QK Fasteners', reference: 'PTC-1003' } });

    const before = await customerCount();
    const taken = await failure(() => company.createCustomer({ reference: 'PTC-1004', custno: 'CASH', company: 'Cash Again' }));
    expect(taken).toBeInstanceOf(PermanentSageProError);
    expect(taken).toMatchObject({ kind: 'customer_exists', field: 'arcust.custno', value: 'CASH' });
    expect(await customerCount()).toBe(before);
  });

  it.each<[Partial<NewCustomer>, string, RegExp]>([
    [{ company: 'Quokka Outfitters and Sons Holding Co' }, 'arcust.company', /^char\(35\): at most 35 characters$/],
    [{ address: { city: 'Rancho Santa Margarita' } }, 'arcust.city', /^char\(20\): at most 20 characters$/],
    [{ custno: 'QUOKKA1' }, 'arcust.custno', /1 to 6 characters/],
    [{ custno: 'QU OK' }, 'arcust.custno', /A-Z, 0-9 and '-'/],
    [{ email: 'ap at quokka' }, 'arcust.email', /e-mail address/],
    [{ reference: 'PTC 1005' }, 'arcust.comment', /Settle reference/],
  ])('a too-wide or ill-formed value %j is Permanent naming %s, and nothing is written', async (change, field, rule) => {
    const before = await customerCount();
    const error = await failure(() => company.createCustomer({ ...quokka, reference: 'PTC-1005', ...change }));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error).toMatchObject({ kind: 'validation', field });
    expect(error.rule).toMatch(rule);
    expect(error.message).toContain(field);
    expect(await customerCount()).toBe(before);
  });

  it('updates only what changes; the same update again is AlreadyApplied', async () => {
    const changes = { address: { line2: 'Suite 4', zip: '49424' }, phone: '616-555-0199', terms: { netDays: 45 } };
    const outcome = await company.updateCustomer('quo100', changes);
    expect(outcome.kind).toBe('Applied');
    expect(outcome.records).toMatchObject({
      custno: 'QUO100', address: { line1: '400 Harbor Blvd', line2: 'Suite 4', city: 'Holland', zip: '49424' }, phone: '616-555-0199', terms: { code: 'Net 30', netDays: 45 },
    });
    const [stored] = await rows<Record<string, string>>(`SELECT address2, zip, phone, pnet, comment FROM ${COMPANY}.arcust WHERE custno = 'QUO100'`);
    expect(stored).toMatchObject({ address2: 'Suite 4'.padEnd(35), zip: '49424'.padEnd(10), pnet: '45', comment: '<Settle PTC-1001>'.padEnd(65) });

    const again = await company.updateCustomer('QUO100', changes);
    expect(again).toEqual({ kind: 'AlreadyApplied', records: outcome.records });
    expect(await company.findCustomer({ custno: 'QUO100' })).toEqual([outcome.records]);
  });

  it('refuses a too-wide update, an unknown customer, and waits for a record a Sage Pro user holds', async () => {
    expect(await failure(() => company.updateCustomer('QUO100', { address: { zip: '49424-0001-9' } }))).toMatchObject({
      kind: 'validation', field: 'arcust.zip', value: '49424-0001-9', rule: 'char(10): at most 10 characters',
    });
    expect(await failure(() => company.updateCustomer('NOSUCH', { phone: '1' }))).toMatchObject({ kind: 'customer_not_found', field: 'arcust.custno' });

    await pool.query(`UPDATE ${COMPANY}.arcust SET lckstat = 'L', lckuser = 'KLT' WHERE custno = 'QUO100'`);
    const locked = await failure(() => company.updateCustomer('QUO100', { phone: '616-555-0123' }));
    expect(locked).toBeInstanceOf(TransientSageProError);
    expect(locked).toMatchObject({ kind: 'record_locked', retryable: true });
    expect((await company.findCustomer({ custno: 'QUO100' }))[0]).toMatchObject({ phone: '616-555-0199', lockedBy: 'KLT' });
    await pool.query(`UPDATE ${COMPANY}.arcust SET lckstat = '', lckuser = '' WHERE custno = 'QUO100'`);
    expect((await company.updateCustomer('QUO100', { phone: '616-555-0123' })).kind).toBe('Applied');
  });

  it('reports credit hold and inactive status on what it finds', async () => {
    const [held] = await rows<{ custno: string; email: string }>(`SELECT trim(custno) AS custno, email FROM ${COMPANY}.arcust WHERE credstat = 'H' ORDER BY custno LIMIT 1`);
    const [inactive] = await rows<{ custno: string; company: string }>(`SELECT trim(custno) AS custno, trim(company) AS company FROM ${COMPANY}.arcust WHERE custstat = 'I' ORDER BY custno LIMIT 1`);
    expect(await company.findCustomer({ custno: held.custno })).toEqual([expect.objectContaining({ custno: held.custno, creditHold: true, active: true })]);
    expect(await company.findCustomer({ email: held.email })).toEqual([expect.objectContaining({ custno: held.custno, creditHold: true })]);
    expect(await company.findCustomer({ company: inactive.company })).toEqual([expect.objectContaining({ custno: inactive.custno, active: false, creditHold: false })]);
  });
});

describe('sales orders', () => {
  it('an order with two lines takes the next number, allocates stock at each location and raises the customer’s on-order amount', async () => {
    const custno = await sellableCustomer();
    const [a, b] = await availableStock(5);
    const [counter, onOrderBefore] = [await soCounter(), (await company.findCustomer({ custno }))[0].onOrderCents];
    const order: NewSalesOrder = {
      custno,
      reference: 'WEB-20001',
      ponum: 'PO-WEB-20001',
      lines: [
        { item: a.item, loctid: a.loctid, qty: 3, priceCents: a.price },
        { item: b.item, loctid: b.loctid, qty: 2, priceCents: b.price },
      ],
      notes: 'Paid by card on the web store',
    };

    const outcome = await company.createSalesOrder(order);

    const sono = String(counter + 1);
    const amount = 3 * a.price + 2 * b.price;
    expect(outcome.kind).toBe('Applied');
    expect(outcome.records).toEqual({
      sono, custno, reference: 'WEB-20001', ponum: 'PO-WEB-20001', date: '2026-10-31', sostat: '', orderStatus: 'OPEN', amountCents: amount, currency: 'USD',
      lines: [
        { line: 1, item: a.item, loctid: a.loctid, description: expect.any(String), qty: 3, priceCents: a.price, amountCents: 3 * a.price },
        { line: 2, item: b.item, loctid: b.loctid, description: expect.any(String), qty: 2, priceCents: b.price, amountCents: 2 * b.price },
      ],
    });
    expect(await soCounter()).toBe(counter + 1);
    const [stored] = await ordersWithReference('WEB-20001');
    expect(stored).toMatchObject({ sono, custno, sostat: ' ', sotype: ' ', orderstat: 'OPEN', notes: '<Settle WEB-20001>\r\nPaid by card on the web store', sodate: '2026-10-31', adduser: 'STL', addtime: '11:04:05' });
    expect(cents(stored.ordamt)).toBe(amount);
    expect(await rows(`SELECT trim(item) AS item, qtyord, origqtyord, transeq FROM ${COMPANY}.sotran WHERE sono = $1 ORDER BY tranlineno`, [sono.padStart(10)])).toEqual([
      { item: a.item, qtyord: '3.00', origqtyord: '3.00', transeq: '   1' },
      { item: b.item, qtyord: '2.00', origqtyord: '2.00', transeq: '   2' },
    ]);
    expect(await rows(`SELECT adtype, trim(custno) AS custno FROM ${COMPANY}.soaddr WHERE sono = $1`, [sono.padStart(10)])).toEqual([{ adtype: 'D', custno }]);
    for (const [before, qty] of [[a, 3], [b, 2]] as const) {
      const after = await stock(before.item, before.loctid);
      expect(after).toMatchObject({ onHand: before.onHand, allocated: before.allocated + qty, binAllocated: before.binAllocated + qty });
    }
    expect((await company.findCustomer({ custno }))[0].onOrderCents).toBe(onOrderBefore + amount);
  });

  it('the same order again, and sent three times at once, is one order', async () => {
    const custno = await sellableCustomer(1);
    const [a] = await availableStock(4);
    const first = await company.createSalesOrder({ custno, reference: 'WEB-20002', lines: [{ item: a.item, loctid: a.loctid, qty: 1, priceCents: a.price }] });
    const again = await company.createSalesOrder({ custno, reference: 'WEB-20002', lines: [{ item: a.item, loctid: a.loctid, qty: 1, priceCents: a.price }] });
    expect(first.kind).toBe('Applied');
    expect(again).toEqual({ kind: 'AlreadyApplied', records: first.records });

    const [counter, before] = [await soCounter(), await stock(a.item, a.loctid)];
    const order: NewSalesOrder = { custno, reference: 'WEB-20003', lines: [{ item: a.item, loctid: a.loctid, qty: 2, priceCents: a.price }] };
    const outcomes = await Promise.all([newCompany(), newCompany(), newCompany()].map((worker) => worker.createSalesOrder(order)));

    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['AlreadyApplied', 'AlreadyApplied', 'Applied']);
    expect(new Set(outcomes.map((outcome) => outcome.records.sono))).toEqual(new Set([String(counter + 1)]));
    expect(await ordersWithReference('WEB-20003')).toHaveLength(1);
    expect(await soCounter()).toBe(counter + 1);
    expect(await stock(a.item, a.loctid)).toMatchObject({ allocated: before.allocated + 2 });
  });

  it('orders from two customers at once take two numbers', async () => {
    const [c1, c2] = [await sellableCustomer(2), await sellableCustomer(3)];
    const [a] = await availableStock(4);
    const counter = await soCounter();
    const outcomes = await Promise.all(
      [c1, c2].map((custno, i) => newCompany().createSalesOrder({ custno, reference: `WEB-2001${i}`, lines: [{ item: a.item, loctid: a.loctid, qty: 1, priceCents: a.price }] })),
    );
    expect(outcomes.map((outcome) => outcome.records.sono).sort()).toEqual([String(counter + 1), String(counter + 2)]);
  });

  it('refuses unknown items and customers, inactive and held customers, and more than is available: Permanent, and nothing is written', async () => {
    const custno = await sellableCustomer(4);
    const [a] = await availableStock(1);
    const [held] = await rows<{ custno: string }>(`SELECT trim(custno) AS custno FROM ${COMPANY}.arcust WHERE credstat = 'H' ORDER BY custno LIMIT 1`);
    const [inactive] = await rows<{ custno: string }>(`SELECT trim(custno) AS custno FROM ${COMPANY}.arcust WHERE custstat = 'I' ORDER BY custno LIMIT 1`);
    const line = { item: a.item, loctid: a.loctid, qty: 1, priceCents: a.price };
    const [counter, orders, before] = [await soCounter(), await orderCount(), await stock(a.item, a.loctid)];

    const cases: [NewSalesOrder, string, string][] = [
      [{ custno, reference: 'WEB-20021', lines: [line, { item: 'NOPE-404', loctid: 'MAIN', qty: 1, priceCents: 100 }] }, 'item_not_found', 'icitem.item'],
      [{ custno: inactive.custno, reference: 'WEB-20022', lines: [line] }, 'customer_inactive', 'arcust.custstat'],
      [{ custno: held.custno, reference: 'WEB-20023', lines: [line] }, 'credit_hold', 'arcust.credstat'],
      [{ custno, reference: 'WEB-20024', lines: [{ ...line, qty: before.onHand - before.allocated + 1 }] }, 'insufficient_stock', 'iciloc.lsoaloc'],
      [{ custno: 'NOSUCH', reference: 'WEB-20025', lines: [line] }, 'customer_not_found', 'arcust.custno'],
      [{ custno, reference: 'WEB-20026', lines: [{ ...line, loctid: 'EAST' }] }, 'location_not_found', 'iciloc.loctid'],
    ];
    for (const [order, kind, field] of cases) {
      const error = await failure(() => company.createSalesOrder(order));
      expect(error, kind).toBeInstanceOf(PermanentSageProError);
      expect(error).toMatchObject({ kind, field, retryable: false });
      expect(await ordersWithReference(order.reference)).toEqual([]);
    }
    expect(await soCounter()).toBe(counter);
    expect(await orderCount()).toBe(orders);
    expect(await stock(a.item, a.loctid)).toEqual(before);
  });

  it('an order line too wide for its field is Permanent naming sotran.<field>', async () => {
    const custno = await sellableCustomer();
    const [a] = await availableStock(1);
    const error = await failure(() =>
      company.createSalesOrder({ custno, reference: 'WEB-20031', lines: [{ item: a.item, loctid: a.loctid, qty: 1, priceCents: a.price, description: 'D'.repeat(31) }] }),
    );
    expect(error).toMatchObject({ kind: 'validation', field: 'sotran.descrip', rule: 'char(30): at most 30 characters' });
    expect(await ordersWithReference('WEB-20031')).toEqual([]);
  });
});

describe('after the suite', () => {
  it('the books and the stock still agree with themselves', async () => {
    await expectBooksAgree(pool);
    const stockOff = await rows(`
      SELECT trim(l.item) AS item, trim(l.loctid) AS loctid FROM ${COMPANY}.iciloc l
       WHERE l.lonhand <> (SELECT sum(qonhand) FROM ${COMPANY}.iciqty q WHERE q.item = l.item AND q.loctid = l.loctid)
          OR l.lsoaloc <> (SELECT sum(qsoaloc) FROM ${COMPANY}.iciqty q WHERE q.item = l.item AND q.loctid = l.loctid)
          OR l.lsoaloc <> coalesce((SELECT sum(qtyord) FROM ${COMPANY}.sotran t WHERE t.item = l.item AND t.loctid = l.loctid AND t.sostat = '' AND t.sotype = ''), 0)
          OR l.lonhand < l.lsoaloc`);
    expect(stockOff, 'locations whose allocation disagrees with bins or open order lines').toEqual([]);
    const onOrderOff = await rows(`
      SELECT trim(c.custno) AS custno FROM ${COMPANY}.arcust c
       WHERE c.onorder <> coalesce((SELECT sum(ordamt - shpamt) FROM ${COMPANY}.somast o WHERE o.custno = c.custno AND o.sostat = '' AND o.sotype = ''), 0)`);
    expect(onOrderOff, "customers whose on-order amount disagrees with their open orders").toEqual([]);
    const numbers = await rows<{ max: string }>(`SELECT max(ltrim(sono)::int) AS max FROM ${COMPANY}.somast`);
    expect(Number(numbers[0].max)).toBe(await soCounter());
  });

  it("Settle changed nothing in the company's or the system's schema", async () => {
    const after = await Promise.all([COMPANY, SYSTEM].map((schema) => catalogFingerprint(pool, schema)));
    expect(after.map((fingerprint) => fingerprint.entries)).toEqual(catalogBefore.map((fingerprint) => fingerprint.entries));
    expect(after.map((fingerprint) => fingerprint.hash)).toEqual(catalogBefore.map((fingerprint) => fingerprint.hash));
  });
});
