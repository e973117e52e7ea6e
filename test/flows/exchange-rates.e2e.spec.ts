/**
 * The tenant's dated exchange-rate table through GraphQL: rates typed in (upsert, delete) and imported
 * from an ECB wide CSV all or nothing, stored exactly (numeric, read back as the text typed), checked
 * the way the pipeline will use them (exchangeRateFor: cross rates through EUR, a Saturday taking
 * Friday's rate), read by the pipeline in one statement (ExchangeRates.tableFor), kept per tenant by
 * row-level security, written only by admins, and every change audited.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeRates } from '../../backend/src/flows/rates/exchange-rates.service.js';
import { rateFor, rateTable } from '../../backend/src/flows/transformations/exchange-rates.js';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';

const RATE = 'base quote date rate source importedBy';
const CHECK = 'from to forDate found rate rateDate path via reason legs { base quote date rate }';
const IMPORT = 'rates inserted updated unchanged deleted from to shape skippedColumns { column code }';

// ECB's eurofxref-hist.csv shape: newest first, a trailing comma, N/A where nothing was published,
// and a column of a currency the euro replaced (HRK), skipped on purpose.
const ECB_CSV = [
  'Date,USD,JPY,GBP,KWD,HRK,',
  '2026-12-04,1.0500,157.50,0.84000,0.32210,N/A,',
  '2026-12-03,1.0450,157.00,0.83900,0.32100,N/A,',
  '2026-12-02,1.0400,N/A,0.83800,0.32000,N/A,',
  '',
].join('\n');

let t: TestApp;
let admin: pg.Client;
const a = { token: '', tenantId: '', readKey: '', writeKey: '' };
const b = { token: '', tenantId: '' };

const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code;
const fieldOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.field;

function dataOf(res: GqlResponse) {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

const ok = async (token: string, query: string, variables?: Record<string, unknown>) => dataOf(await t.gql(query, variables, { token }));

async function signUp(companyName: string, email: string) {
  const { signUp } = await ok('', 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', {
    i: { companyName, email, password: 'correct-horse-battery' },
  });
  return { token: signUp.accessToken as string, tenantId: signUp.me.tenant.id as string };
}

const setRate = (token: string, input: Record<string, string>) =>
  t.gql(`mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { ${RATE} } }`, { i: input }, { token });
const deleteRate = (token: string, input: Record<string, string>) =>
  t.gql('mutation($i: ExchangeRateKeyInput!) { deleteExchangeRate(input: $i) }', { i: input }, { token });
const importCsv = (token: string, csv: string, mode = 'MERGE') =>
  t.gql(`mutation($csv: String!, $mode: ExchangeRateImportMode!) { importExchangeRates(csv: $csv, mode: $mode) { ${IMPORT} } }`, { csv, mode }, { token });
const rateForQuery = (token: string, from: string, to: string, date: string) =>
  t.gql(`query($f: String!, $t: String!, $d: String!) { exchangeRateFor(from: $f, to: $t, date: $d) { ${CHECK} } }`, { f: from, t: to, d: date }, { token });

async function ratesOf(token: string, args: Record<string, unknown> = {}) {
  const query = `query($b: String, $q: String, $from: String, $to: String, $first: Int, $after: String) {
    exchangeRates(base: $b, quote: $q, from: $from, to: $to, first: $first, after: $after) { nodes { ${RATE} } pageInfo { endCursor hasNextPage } } }`;
  return (await ok(token, query, args)).exchangeRates as { nodes: Record<string, string>[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

/** Every rate of a tenant as the superuser sees it: the exact stored numeric. */
async function storedRates(tenantId: string): Promise<string[]> {
  const { rows } = await admin.query(
    `SELECT base || '/' || quote || '@' || to_char(rate_date, 'YYYY-MM-DD') || '=' || rate::text AS row FROM exchange_rates WHERE tenant_id = $1 ORDER BY 1`,
    [tenantId],
  );
  return rows.map((row) => row.row);
}

async function auditActions(tenantId: string, prefix: string): Promise<{ action: string; target_id: string | null; details: any }[]> {
  const { rows } = await admin.query(
    'SELECT action, target_id, details FROM audit_log WHERE tenant_id = $1 AND action LIKE $2 ORDER BY created_at, id',
    [tenantId, `${prefix}%`],
  );
  return rows;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = new pg.Client({ connectionString: t.db.adminUrl });
  await admin.connect();
  Object.assign(a, await signUp('Alpha Imports', 'owner@alpha-rates.test'));
  Object.assign(b, await signUp('Bravo Exports', 'owner@bravo-rates.test'));
  a.readKey = (await ok(a.token, 'mutation { createApiKey(input: { name: "read", scopes: [read] }) { secret } }')).createApiKey.secret;
  a.writeKey = (await ok(a.token, 'mutation { createApiKey(input: { name: "write", scopes: [write] }) { secret } }')).createApiKey.secret;
});

afterAll(async () => {
  await admin?.end();
  await t?.close();
});

describe('exchange rates typed in by hand', () => {
  it('sets, replaces, lists and deletes a rate, stored exactly and audited', async () => {
    const set = dataOf(await setRate(a.token, { base: 'eur', quote: 'usd', date: '2026-11-30', rate: '1.08450' })).setExchangeRate;
    expect(set).toMatchObject({ base: 'EUR', quote: 'USD', date: '2026-11-30', rate: '1.0845', source: 'manual' });
    expect(set.importedBy).toEqual(expect.any(String));
    // Replaced, not added: one rate per pair and day.
    dataOf(await setRate(a.token, { base: 'EUR', quote: 'USD', date: '2026-11-30', rate: '1.0846' }));
    dataOf(await setRate(a.token, { base: 'EUR', quote: 'KWD', date: '2026-11-30', rate: '0.3212345678' }));
    expect(await storedRates(a.tenantId)).toEqual(['EUR/KWD@2026-11-30=0.3212345678', 'EUR/USD@2026-11-30=1.0846000000']);
    expect((await ratesOf(a.token)).nodes.map((n) => `${n.base}/${n.quote}=${n.rate}`)).toEqual(['EUR/KWD=0.3212345678', 'EUR/USD=1.0846']);

    expect(dataOf(await deleteRate(a.token, { base: 'EUR', quote: 'KWD', date: '2026-11-30' })).deleteExchangeRate).toBe(true);
    expect(codeOf(await deleteRate(a.token, { base: 'EUR', quote: 'KWD', date: '2026-11-30' }))).toBe('NOT_FOUND');
    expect(await storedRates(a.tenantId)).toEqual(['EUR/USD@2026-11-30=1.0846000000']);

    const audit = await auditActions(a.tenantId, 'exchange_rate');
    expect(audit.map((entry) => `${entry.action} ${entry.target_id}`)).toEqual([
      'exchange_rate.set EUR/USD@2026-11-30',
      'exchange_rate.set EUR/USD@2026-11-30',
      'exchange_rate.set EUR/KWD@2026-11-30',
      'exchange_rate.deleted EUR/KWD@2026-11-30',
    ]);
    expect(audit[1].details).toMatchObject({ rate: '1.0846', previousRate: '1.0845' });
  });

  it('bad input is BAD_USER_INPUT naming the field, and stores nothing', async () => {
    const before = await storedRates(a.tenantId);
    const cases: [Record<string, string>, string][] = [
      [{ base: 'EUX', quote: 'USD', date: '2026-12-01', rate: '1.1' }, 'base'],
      [{ base: 'EUR', quote: 'XAU', date: '2026-12-01', rate: '1.1' }, 'quote'],
      [{ base: 'EUR', quote: 'EUR', date: '2026-12-01', rate: '1.1' }, 'quote'],
      [{ base: 'EUR', quote: 'USD', date: '2026-02-30', rate: '1.1' }, 'date'],
      [{ base: 'EUR', quote: 'USD', date: '01/12/2026', rate: '1.1' }, 'date'],
      [{ base: 'EUR', quote: 'USD', date: '2026-12-01', rate: '1.08e0' }, 'rate'],
      [{ base: 'EUR', quote: 'USD', date: '2026-12-01', rate: '0' }, 'rate'],
      [{ base: 'EUR', quote: 'USD', date: '2026-12-01', rate: '-1.1' }, 'rate'],
      // numeric(20,10) would round it: refused rather than stored inexactly.
      [{ base: 'EUR', quote: 'USD', date: '2026-12-01', rate: '0.00000000001' }, 'rate'],
    ];
    for (const [input, field] of cases) {
      const res = await setRate(a.token, input);
      expect([codeOf(res), fieldOf(res)], JSON.stringify(input)).toEqual(['BAD_USER_INPUT', field]);
    }
    expect(await storedRates(a.tenantId)).toEqual(before);
  });
});

describe('an ECB wide CSV', () => {
  it('imports every published rate in one go, skipping N/A cells and withdrawn currencies', async () => {
    const result = dataOf(await importCsv(a.token, ECB_CSV)).importExchangeRates;
    expect(result).toEqual({
      rates: 11,
      inserted: 11,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      from: '2026-12-02',
      to: '2026-12-04',
      shape: 'ecb_wide',
      skippedColumns: [{ column: 6, code: 'HRK' }],
    });
    const friday = await ratesOf(a.token, { from: '2026-12-04', to: '2026-12-04' });
    expect(friday.nodes.map((n) => `${n.base}/${n.quote}=${n.rate} ${n.source}`)).toEqual([
      'EUR/GBP=0.84 csv',
      'EUR/JPY=157.5 csv',
      'EUR/KWD=0.3221 csv',
      'EUR/USD=1.05 csv',
    ]);
    // Again, with one rate changed: the others are left as they are.
    const again = dataOf(await importCsv(a.token, ECB_CSV.replace('0.32100', '0.32105'))).importExchangeRates;
    expect(again).toMatchObject({ rates: 11, inserted: 0, updated: 1, unchanged: 10, deleted: 0 });
    const audit = await auditActions(a.tenantId, 'exchange_rates.imported');
    expect(audit.map((entry) => entry.details)).toMatchObject([
      { mode: 'MERGE', inserted: 11, from: '2026-12-02', to: '2026-12-04' },
      { mode: 'MERGE', updated: 1, unchanged: 10 },
    ]);
  });

  it('USD→JPY is a cross rate through EUR; a Saturday takes Friday\'s; a later rate is never used', async () => {
    const friday = dataOf(await rateForQuery(a.readKey, 'USD', 'JPY', '2026-12-04')).exchangeRateFor;
    // (1 / 1.05) × 157.5 = 150 exactly.
    expect(friday).toMatchObject({ found: true, rate: '150', rateDate: '2026-12-04', path: 'CROSS', via: 'EUR' });
    expect(friday.legs).toEqual([
      { base: 'EUR', quote: 'USD', date: '2026-12-04', rate: '1.05' },
      { base: 'EUR', quote: 'JPY', date: '2026-12-04', rate: '157.5' },
    ]);
    const saturday = dataOf(await rateForQuery(a.readKey, 'USD', 'JPY', '2026-12-05')).exchangeRateFor;
    expect(saturday).toMatchObject({ found: true, rate: '150', rateDate: '2026-12-04', forDate: '2026-12-05', path: 'CROSS' });
    expect(saturday.reason).toBe('a cross rate through EUR, published for 2026-12-04, the latest at most 4 days before 2026-12-05');
    // 157 / 1.045 = 150.2392344497…, rounded half-even to 10 significant digits.
    expect(dataOf(await rateForQuery(a.readKey, 'USD', 'JPY', '2026-12-03')).exchangeRateFor).toMatchObject({ rate: '150.2392344', rateDate: '2026-12-03' });
    // No JPY on 2 December, none on 1 December: not the 3rd's rate.
    const none = dataOf(await rateForQuery(a.readKey, 'USD', 'JPY', '2026-12-02')).exchangeRateFor;
    expect(none).toMatchObject({ found: false, rate: null, path: null, legs: [] });
    expect(none.reason).toMatch(/^no_rate: no USD→JPY rate .* from 2026-11-28 to 2026-12-02/);
    // Inverse of a direct row, and KWD's three decimals.
    expect(dataOf(await rateForQuery(a.readKey, 'KWD', 'EUR', '2026-12-04')).exchangeRateFor).toMatchObject({ path: 'INVERSE', rate: '3.104625893' });
    const bad = await rateForQuery(a.readKey, 'USD', 'JPY', '2026-12-32');
    expect([codeOf(bad), fieldOf(bad)]).toEqual(['BAD_USER_INPUT', 'date']);
  });

  it('the pipeline reads the window it needs in the rate-table shape, one call per drain', async () => {
    const rates = t.app.get(ExchangeRates);
    const rows = await rates.tableFor(a.tenantId, { from: '2026-12-05', to: '2026-12-06', currencies: ['USD', 'JPY'] });
    // Four days back from the 5th: the 1st; GBP and KWD rows are not needed for USD and JPY.
    expect(rows).toEqual([
      { base: 'EUR', quote: 'USD', date: '2026-12-02', rate: '1.04' },
      { base: 'EUR', quote: 'JPY', date: '2026-12-03', rate: '157' },
      { base: 'EUR', quote: 'USD', date: '2026-12-03', rate: '1.045' },
      { base: 'EUR', quote: 'JPY', date: '2026-12-04', rate: '157.5' },
      { base: 'EUR', quote: 'USD', date: '2026-12-04', rate: '1.05' },
    ]);
    const found = rateFor(rateTable(rows), 'USD', 'JPY', '2026-12-06');
    expect(found).toMatchObject({ kind: 'rate', rate: '150', date: '2026-12-04' });
    // Another tenant's id reads that tenant's table: B has none.
    expect(await rates.tableFor(b.tenantId, { from: '2026-12-05', to: '2026-12-06' })).toEqual([]);
  });

  it('one bad line refuses the whole file, naming the line, and stores nothing', async () => {
    const before = await storedRates(a.tenantId);
    const csv = ['Date,USD,JPY,GBP,KWD,', '2026-12-09,1.0600,158.00,0.84500,0.32300,', '2026-12-08,1.0550,157.8x,0.84400,0.32250,', '2026-12-07,1.0520,157.60,0.84300,0.32240,'].join('\n');
    const res = await importCsv(a.token, csv);
    expect([codeOf(res), fieldOf(res)]).toEqual(['BAD_USER_INPUT', 'csv']);
    expect(res.body.errors?.[0].extensions?.lines).toEqual([3]);
    expect(res.body.errors?.[0].message).toMatch(/nothing was imported: a line is wrong: line 3, column 3: JPY rate "157\.8x"/);
    expect(await storedRates(a.tenantId)).toEqual(before);
    // A file of nothing but a header: refused too.
    const empty = await importCsv(a.token, 'Date,USD,JPY,\n');
    expect([codeOf(empty), empty.body.errors?.[0].message]).toEqual(['BAD_USER_INPUT', 'csv: holds no rates']);
  });

  it('REPLACE_RANGE deletes the rates of the file\'s pairs and dates that the file no longer holds', async () => {
    // A correction of the 3rd and 4th for USD only: USD's 3rd is gone from the source.
    const csv = 'date,base,quote,rate\n2026-12-04,EUR,USD,1.0501\n';
    const result = dataOf(await importCsv(a.token, csv, 'REPLACE_RANGE')).importExchangeRates;
    expect(result).toMatchObject({ shape: 'long', rates: 1, updated: 1, deleted: 0, from: '2026-12-04', to: '2026-12-04' });
    const wider = 'date,base,quote,rate\n2026-12-02,EUR,USD,1.04\n2026-12-04,EUR,USD,1.0501\n';
    expect(dataOf(await importCsv(a.token, wider, 'REPLACE_RANGE')).importExchangeRates).toMatchObject({ unchanged: 2, deleted: 1 });
    const usd = await ratesOf(a.token, { b: 'EUR', q: 'USD', from: '2026-12-01', to: '2026-12-31' });
    expect(usd.nodes.map((n) => `${n.date}=${n.rate}`)).toEqual(['2026-12-04=1.0501', '2026-12-02=1.04']);
    // Other pairs of those dates are untouched.
    expect((await ratesOf(a.token, { b: 'EUR', q: 'JPY' })).nodes).toHaveLength(2);
  });

  it('imports up to 100,000 rates in one transaction, and refuses a file holding more', async () => {
    const codes = 'USD JPY GBP KWD CHF SEK NOK DKK PLN CZK HUF RON BGN ISK TRY AUD BRL CAD CNY HKD IDR ILS INR KRW MXN MYR NZD PHP SGD THB'.split(' ');
    const wide = (days: number) => {
      const lines = [`Date,${codes.join(',')},`];
      for (let day = 0; day < days; day += 1) {
        const date = new Date(Date.UTC(2000, 0, 1 + day)).toISOString().slice(0, 10);
        lines.push(`${date},${codes.map((_, index) => `${index + 1}.${1000 + (day % 9000)}`).join(',')},`);
      }
      return lines.join('\n');
    };
    // 3,333 days × 30 currencies: more than a transaction's default 5 s of upserts on a busy machine.
    const big = dataOf(await importCsv(a.token, wide(3333))).importExchangeRates;
    expect(big).toMatchObject({ rates: 99_990, inserted: 99_990, from: '2000-01-01', to: '2009-02-14' });
    const over = await importCsv(a.token, wide(3334));
    expect([codeOf(over), fieldOf(over)]).toEqual(['BAD_USER_INPUT', 'csv']);
    expect(over.body.errors?.[0].message).toBe('csv: holds 100020 rates; at most 100000 are imported at once: split the file by date');
    const [{ n }] = (await admin.query("SELECT count(*)::int AS n FROM exchange_rates WHERE tenant_id = $1 AND rate_date < '2010-01-01'", [a.tenantId])).rows;
    expect(n).toBe(99_990);
    await admin.query("DELETE FROM exchange_rates WHERE tenant_id = $1 AND rate_date < '2010-01-01'", [a.tenantId]);
  }, 60_000);

  it('pages through the table by cursor, newest first', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await ratesOf(a.token, { first: 3, after });
      seen.push(...page.nodes.map((n) => `${n.date} ${n.base}/${n.quote}`));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    const all = (await ratesOf(a.token, { first: 100 })).nodes.map((n) => `${n.date} ${n.base}/${n.quote}`);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThan(6);
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(all[0]).toBe('2026-12-04 EUR/GBP');
    const bad = await t.gql('{ exchangeRates(after: "bm90LWEtY3Vyc29y") { nodes { rate } } }', undefined, { token: a.token });
    expect([codeOf(bad), fieldOf(bad)]).toEqual(['BAD_USER_INPUT', 'after']);
    const tooMany = await t.gql('{ exchangeRates(first: 101) { nodes { rate } } }', undefined, { token: a.token });
    expect([codeOf(tooMany), fieldOf(tooMany)]).toEqual(['BAD_USER_INPUT', 'first']);
  });
});

describe('who sees and who writes', () => {
  it("tenant B never sees or changes tenant A's rates", async () => {
    const aBefore = await storedRates(a.tenantId);
    expect((await ratesOf(b.token)).nodes).toEqual([]);
    expect(dataOf(await rateForQuery(b.token, 'USD', 'JPY', '2026-12-04')).exchangeRateFor).toMatchObject({ found: false });
    expect(codeOf(await deleteRate(b.token, { base: 'EUR', quote: 'USD', date: '2026-12-04' }))).toBe('NOT_FOUND');
    // B's own rate of the same pair and day is B's, and A's is unchanged.
    dataOf(await setRate(b.token, { base: 'EUR', quote: 'USD', date: '2026-12-04', rate: '2' }));
    dataOf(await importCsv(b.token, ECB_CSV));
    expect(await storedRates(a.tenantId)).toEqual(aBefore);
    expect(await storedRates(b.tenantId)).toHaveLength(11);
    expect((await ratesOf(a.token, { b: 'EUR', q: 'USD', from: '2026-12-04', to: '2026-12-04' })).nodes[0].rate).toBe('1.0501');
  });

  it('a viewer (read key) reads but cannot write; an operator (write key) cannot either', async () => {
    expect((await ratesOf(a.readKey)).nodes.length).toBeGreaterThan(0);
    const before = await storedRates(a.tenantId);
    for (const key of [a.readKey, a.writeKey]) {
      expect(codeOf(await setRate(key, { base: 'EUR', quote: 'CHF', date: '2026-12-04', rate: '0.93' }))).toBe('FORBIDDEN');
      expect(codeOf(await deleteRate(key, { base: 'EUR', quote: 'USD', date: '2026-12-04' }))).toBe('FORBIDDEN');
      expect(codeOf(await importCsv(key, ECB_CSV.replace('1.0500', '1.0600')))).toBe('FORBIDDEN');
    }
    expect(await storedRates(a.tenantId)).toEqual(before);
  });
});
