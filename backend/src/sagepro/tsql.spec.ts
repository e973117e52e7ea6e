/**
 * The T-SQL each operation sends to SQL Server, compiled through Kysely's MSSQL dialect without a
 * server (compile() never connects) and kept as reviewed snapshots. What to check when one changes:
 * three-part quoted table names, `with (updlock, holdlock)` after the alias on every locked read,
 * values only as @n parameters, dates as 'YYYYMMDD', money as '123.4500' text cast where compared.
 */
import { type CompiledQuery, Kysely, MssqlDialect, PostgresDialect, type PostgresPool, type Tarn } from 'kysely';
import tedious from 'tedious';
import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from './company.js';
import { newCustomerRow } from './customer-plan.js';
import type { SageProDatabase } from './database.js';
import { KyselySageProCompany } from './kysely-company.js';
import { checkSalesOrder, planSalesOrder } from './order-plan.js';

/** tarn is only asked for connections when a query runs; compiling never does. */
class NoPool {
  acquire(): never {
    throw new Error('no SQL Server here: these tests only compile');
  }
  release(): void {}
  destroy(): void {}
}

const db = new Kysely<SageProDatabase>({
  dialect: new MssqlDialect({
    tarn: { Pool: NoPool, options: { min: 0, max: 1 } } as unknown as Tarn,
    tedious: {
      Request: tedious.Request,
      TYPES: tedious.TYPES,
      ISOLATION_LEVEL: tedious.ISOLATION_LEVEL,
      connectionFactory: () => {
        throw new Error('no SQL Server here: these tests only compile');
      },
    },
  }),
});

const company = new KyselySageProCompany(db, {
  dialect: 'mssql',
  compid: '01',
  tables: { company: ['PRO01', 'dbo'], system: ['PROSYS', 'dbo'] },
  user: 'STL',
  timeZone: 'America/Chicago',
  gl: { cash: '1010', receivables: '1200', discounts: '4050', refunds: '1020', chargebacks: '1030', sales: '4000' },
});
const q = company.queries();

const tsql = ({ sql, parameters }: CompiledQuery) => `${sql}\n-- parameters: ${JSON.stringify(parameters)}`;

const stamp = { adduser: 'STL', adddate: '2026-10-31', addtime: '10:11:12' };
const cashLine = {
  custno: 'ACM100', invno: '      1001', refno: 'PT123456789', dtepaid: '2026-10-31', paidamt: '40.0000', disamt: '0.0000',
  arsess: '   313', cashacct: '1010', currid: 'USD', ...stamp,
};
const distribution = {
  tranno: '      1001', custno: 'ACM100', glacnt: '1010', descrip: 'Receipt PT123456789', amount: '40.0000', trandte: '2026-10-31', arsess: '   313', ...stamp,
};

const newCustomer = newCustomerRow(
  {
    reference: 'PTC-5001', custno: 'ACM100', company: 'Acme Hardware', contact: 'Maria Lopez', email: 'ap@acme.example',
    address: { line1: '12 Main St', city: 'Grand Rapids', state: 'MI', zip: '49503', country: 'USA' }, phone: '616-555-0101',
    terms: { code: 'Net 30', netDays: 30 }, creditLimitCents: 500_000,
  },
  'ACM100', 'USD', { user: 'STL', date: '2026-10-31', time: '10:11:12' }, 'USD',
);
const orderCustomer: CustomerRecord = {
  custno: 'ACM100', company: 'Acme Hardware', contact: 'Maria Lopez', title: '',
  address: { line1: '12 Main St', line2: '', city: 'Grand Rapids', state: 'MI', zip: '49503', country: 'USA' }, phone: '616-555-0101', fax: '',
  email: 'ap@acme.example', currency: 'USD', terms: { code: 'Net 30', discountPercent: 0, discountDays: 0, netDays: 30 }, salesperson: 'JM',
  territory: 'MW', type: '', source: '', arAccount: '1200', creditLimitCents: 0, balanceCents: 0, onOrderCents: 0, creditHold: false, active: true,
  lockedBy: null, reference: null,
};
const newOrder = { custno: 'ACM100', reference: 'WEB-10045', ponum: 'PO-777', lines: [{ item: 'BRK-1001', loctid: 'MAIN', qty: 10, priceCents: 495 }, { item: 'CST-2001', loctid: 'WEST', qty: 2, priceCents: 1250 }] };
const orderPlan = planSalesOrder(
  newOrder,
  checkSalesOrder(newOrder, 'USD'),
  { id: 3, custno: 'ACM100', record: orderCustomer },
  {
    items: [
      { item: 'BRK-1001'.padEnd(25), description: 'Steel shelf bracket 8 in', umeasur: 'EA', stocked: true, active: true, cost: '2.1000' },
      { item: 'CST-2001'.padEnd(25), description: 'Swivel caster 3 in', umeasur: 'EA', stocked: true, active: true, cost: '5.6000' },
    ],
    locations: [
      { id: 11, item: 'BRK-1001'.padEnd(25), loctid: 'MAIN  ', onHand: 5_000, allocated: 1_200, inventoryAccount: '1300' },
      { id: 12, item: 'CST-2001'.padEnd(25), loctid: 'WEST  ', onHand: 800, allocated: 0, inventoryAccount: '1300' },
    ],
    bins: [{ id: 21, item: 'BRK-1001'.padEnd(25), loctid: 'MAIN  ', onHand: 5_000, allocated: 1_200 }],
  },
  { sono: 5041, openStatus: 'OPEN', receivables: '1200', sales: '4000', date: '2026-10-31', stamp: { user: 'STL', date: '2026-10-31', time: '10:11:12' }, booksCurrency: 'USD' },
);
const stockKeys = [{ item: 'BRK-1001', loctid: 'MAIN' }, { item: 'CST-2001', loctid: 'WEST' }];

describe('T-SQL sent to Sage Pro (SQL Server edition)', () => {
  it.each<[string, () => CompiledQuery]>([
    ['lock timeout', () => q.lockTimeout(5000).compile(db)],
    ['find open invoices by invoice number', () => q.openInvoices({ invno: '1001' }).compile()],
    ['find open invoices by sales order', () => q.openInvoices({ sono: '5001' }).compile()],
    ['find open invoices by PO number', () => q.openInvoices({ ponum: 'PO-12345', custno: 'ACM100' }).compile()],
    ['find open invoices by customer, amount and dates', () => q.openInvoices({ custno: 'ACM100', amountCents: 12345, currency: 'USD', from: '2026-10-01', to: '2026-10-31' }).compile()],
    ['AR items by number (any state)', () => q.itemsByNumber('1001').compile()],
    ['lock customer', () => q.lockCustomer('ACM100').compile()],
    ['lock AR items', () => q.lockItems([7, 9]).compile()],
    ['lock AR items by number', () => q.lockItemsByNumbers('ACM100', ['      1001', '      1401']).compile()],
    ['look for the Settle reference (locked)', () => q.lockCashLinesOf('PT123456789').compile()],
    ['receipt lines (unlocked)', () => q.cashLinesOf('PT123456789').compile()],
    ['receipt lines dated in a range (a page after an id_col)', () => q.cashLinesDated('arcash', '2026-10-01', '2026-10-31', 1000, 5000).compile()],
    ['history receipt lines dated in a range (a page after an id_col)', () => q.cashLinesDated('arycsh', '2026-10-01', '2026-10-31', 0, 5000).compile()],
    ['open credit of a receipt', () => q.openCreditOf('PT123456789').compile()],
    ['net cash on items', () => q.cashOnItems('ACM100', ['      1001']).compile()],
    ['GL accounts exist', () => q.accounts(['1010', '1200']).compile()],
    ['chart of accounts', () => q.chartOfAccounts().compile()],
    ['lock AR counter', () => q.lockCounter('AR01').compile()],
    ['take numbers', () => q.updateCounter(3, { int1: 1401, int2: 313 }).compile()],
    ['insert cash receipt lines', () => q.insertCashLines([cashLine, { ...cashLine, invno: '      1401', paidamt: '25.0000' }]).compile()],
    ['insert open credit', () =>
      q.insertItem({
        invno: '      1401', custno: 'ACM100', invdte: '2026-10-31', artype: 'O', arstat: '', refno: 'PT123456789', invamt: '0.0000',
        paidamt: '25.0000', disamt: '0.0000', balance: '-25.0000', bbal: '-25.0000', currid: 'USD', glarec: '1200', dtepaid: '2026-10-31', ...stamp,
      }).compile()],
    ['update invoice', () => q.updateItem(7, { paidamt: '65.0000', disamt: '0.0000', balance: '60.0000', bbal: '60.0000', dtepaid: '2026-10-31' }).compile()],
    ['update customer', () => q.updateCustomer(3, { balance: '460.0000', lastpay: '2026-10-31', lpymt: '40.0000' }).compile()],
    ['insert GL distributions', () => q.insertDistributions([distribution, { ...distribution, glacnt: '1200', amount: '-40.0000' }]).compile()],
    ['batch: AR items by numbers (any state)', () => q.itemsByNumbers(['1001', '1002']).compile()],
    ['batch: lock customers', () => q.lockCustomers(['ACM100', 'BOL100']).compile()],
    ['batch: look for the Settle references (locked)', () => q.lockCashLinesOfMany(['PT123456789', 'PT123456790']).compile()],
    ['batch: open credits of receipts', () => q.openCreditsOf(['PT123456789', 'PT123456790']).compile()],
    ['batch: insert open credits', () =>
      q.insertItems([
        {
          invno: '      1401', custno: 'ACM100', invdte: '2026-10-31', artype: 'O', arstat: '', refno: 'PT123456789', invamt: '0.0000',
          paidamt: '25.0000', disamt: '0.0000', balance: '-25.0000', bbal: '-25.0000', currid: 'USD', glarec: '1200', dtepaid: '2026-10-31', ...stamp,
        },
        {
          invno: '      1402', custno: 'BOL100', invdte: '2026-10-31', artype: 'O', arstat: '', refno: 'PT123456790', invamt: '0.0000',
          paidamt: '5.0000', disamt: '0.0000', balance: '-5.0000', bbal: '-5.0000', currid: 'USD', glarec: '1200', dtepaid: '2026-10-31', ...stamp,
        },
      ]).compile()],
    ['batch: update invoices (one statement)', () =>
      q.updateItems([
        { id: 7, row: { paidamt: '65.0000', disamt: '0.0000', balance: '60.0000', bbal: '60.0000', dtepaid: '2026-10-31' } },
        { id: 9, row: { paidamt: '10.0000', disamt: '0.0000', balance: '0.0000', bbal: '0.0000', dtepaid: '2026-10-30' } },
      ]).compile()],
    ['batch: update customers (one statement; lastpay only where latest)', () =>
      q.updateCustomers([
        { id: 3, row: { balance: '460.0000', lastpay: '2026-10-31', lpymt: '40.0000' } },
        { id: 5, row: { balance: '12.0000' } },
      ]).compile()],
    ['lock sales order', () => q.lockOrders('5001').compile()],
    ['batch: find open invoices by invoice numbers', () => q.openInvoicesByNumbers(['1001', '1002']).compile()],
    ['batch: lock sales orders by numbers', () => q.lockOrdersByNumbers(['5001', '5002']).compile()],
    ['order status codes', () => q.orderStatusCodes('01').compile()],
    ['update order status', () => q.updateOrder(11, { orderstat: 'PAID' }).compile()],
    ['invoice status', () => q.updateItem(7, { refno: 'PAID PT123456789' }).compile()],
    ['find customers by custno', () => q.customers({ custno: 'ACM100' }).compile()],
    ['find customers by e-mail (memo, trimmed, any case)', () => q.customers({ email: ' AP@Acme.example ' }).compile()],
    ['find customers by company (trimmed, any case)', () => q.customers({ company: 'Acme Hardware' }).compile()],
    ['lock customer record', () => q.lockCustomerRecord('ACM100').compile()],
    ['customer of a Settle reference', () => q.customersByReference('PTC-5001').compile()],
    ['custnos with a prefix', () => q.custnosStartingWith('ACM').compile()],
    ['lock company (customer creations queue here)', () => q.lockCompany('01').compile()],
    ['company base currency (armast.bbal)', () => q.companyCurrency('01').compile()],
    ['insert customer', () => q.insertCustomer(newCustomer).compile()],
    ['update customer fields', () => q.updateCustomer(3, { address2: 'Suite 4', email: 'ap@acme.example', pnet: 45 }).compile()],
    ['sales order of a Settle reference', () => q.ordersByReference('WEB-10045').compile()],
    ['sales order by number', () => q.ordersByNumber(5041).compile()],
    ['order numbers already in somast', () => q.orderNumbersIn([5041, 5042]).compile()],
    ['sales order lines', () => q.orderLines('      5041').compile()],
    ['lock SO counter', () => q.lockOrderCounter('SO01').compile()],
    ['take order number', () => q.updateOrderCounter(2, 5041).compile()],
    ['items', () => q.items(['BRK-1001', 'CST-2001']).compile()],
    ['lock item locations', () => q.lockLocations(stockKeys).compile()],
    ['lock item bins', () => q.lockBins(stockKeys).compile()],
    ['allocate at a location', () => q.updateLocation(orderPlan.locationUpdates[0].id, orderPlan.locationUpdates[0].row).compile()],
    ['allocate in a bin', () => q.updateBin(orderPlan.binUpdates[0].id, orderPlan.binUpdates[0].row).compile()],
    ['insert sales order', () => q.insertOrder(orderPlan.somast).compile()],
    ['insert sales order lines', () => q.insertOrderLines(orderPlan.sotran).compile()],
    ['insert delivery address', () => q.insertOrderAddress(orderPlan.soaddr).compile()],
    ['customer on order', () => q.updateCustomer(orderPlan.customerUpdate.id, orderPlan.customerUpdate.row).compile()],
  ])('%s', (_name, build) => {
    expect(tsql(build())).toMatchSnapshot();
  });

  it('locks every locked read with table hints and never with FOR UPDATE', () => {
    const locked = [
      q.lockCustomer('A'), q.lockItems([1]), q.lockItemsByNumbers('A', ['1']), q.lockCashLinesOf('PT1'), q.lockCounter('AR01'), q.lockOrders('1'),
      q.lockCustomerRecord('A'), q.lockCompany('01'), q.lockOrderCounter('SO01'), q.lockLocations(stockKeys), q.lockBins(stockKeys),
      q.lockCustomers(['A', 'B']), q.lockCashLinesOfMany(['PT1', 'PT2']), q.lockOrdersByNumbers(['1', '2']),
    ];
    for (const query of locked) {
      const { sql } = query.compile();
      expect(sql).toMatch(/ as "\w+" with \(updlock, holdlock\) where /);
      expect(sql).not.toMatch(/for update/i);
    }
  });

  it('qualifies every table with its database and schema', () => {
    expect(q.lockCounter('AR01').compile().sql).toContain('from "PROSYS"."dbo"."sysdata" as "sysdata"');
    expect(q.updateItem(1, { refno: 'X' }).compile().sql).toMatch(/^update "PRO01"\."dbo"\."armast" set/);
    expect(q.insertCashLines([cashLine]).compile().sql).toMatch(/^insert into "PRO01"\."dbo"\."arcash"/);
  });
});

describe('the same builders on PostgreSQL (the sandbox)', () => {
  const pg = new KyselySageProCompany(new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool: {} as PostgresPool }) }), {
    dialect: 'postgres',
    compid: '01',
    tables: { company: ['pro01'], system: ['prosys'] },
    user: 'STL',
    timeZone: 'America/Chicago',
    gl: { cash: '1010', receivables: '1200', discounts: '4050', refunds: '1020', chargebacks: '1030', sales: '4000' },
  }).queries();

  it('locks with FOR UPDATE and qualifies tables with the schema', () => {
    expect(pg.lockCustomer('ACM100').compile().sql).toBe(
      'select "id_col", "custno", "aracct", "currency", "credstat", "custstat", "balance", "lastpay", "lckstat", "lckuser" from "pro01"."arcust" as "arcust" where "custno" = $1 order by "id_col" for update',
    );
    expect(pg.updateCounter(1, { int1: 2, int2: 3 }).compile().sql).toBe('update "prosys"."sysdata" set "int1" = $1, "int2" = $2 where "id_col" = $3');
    expect(pg.updateItem(1, { dtepaid: '2026-10-31' }).compile().parameters).toEqual(['2026-10-31', 1]);
  });

  it('compares e-mail without a cast (pg text takes string functions) and locks stock with FOR UPDATE', () => {
    expect(pg.customers({ email: 'ap@acme.example' }).compile().sql).toContain('where lower(ltrim(rtrim("email"))) = $1');
    expect(pg.lockLocations([{ item: 'BRK-1001', loctid: 'MAIN' }]).compile().sql).toMatch(/from "pro01"\."iciloc" as "iciloc" where \("item" = \$1 and "loctid" = \$2\) order by "id_col" for update$/);
    expect(pg.lockCompany('01').compile().sql).toContain('from "prosys"."syccomp" as "syccomp" where "compid" = $1 order by "id_col" for update');
  });
});
