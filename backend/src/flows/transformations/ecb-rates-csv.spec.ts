import { describe, expect, it } from 'vitest';
import { isCleanImport, MAX_REPORTED_ERRORS, parseRatesCsv } from './ecb-rates-csv.js';
import { rateTable } from './exchange-rates.js';

// The head of ECB's eurofxref-hist.csv: newest first, N/A where a currency was not published, a
// withdrawn currency's column, and a trailing comma on every line.
const HIST = [
  'Date,USD,JPY,CYP,KWD,GBP,',
  '2026-03-06,1.0845,163.45,N/A,N/A,0.84255,',
  '2026-03-05,1.0812,162.9,N/A,N/A,0.8411,',
  '2007-12-31,1.4721,164.93,0.585274,N/A,0.73335,',
  '',
].join('\r\n');

describe('ECB wide files (eurofxref-hist.csv, eurofxref.csv)', () => {
  it('reads one EUR rate per currency and day, leaving N/A out and the withdrawn CYP column aside', () => {
    const result = parseRatesCsv(HIST);
    expect(isCleanImport(result)).toBe(true);
    expect(result.shape).toBe('ecb_wide');
    expect(result.rates).toEqual([
      { base: 'EUR', quote: 'USD', date: '2026-03-06', rate: '1.0845' },
      { base: 'EUR', quote: 'JPY', date: '2026-03-06', rate: '163.45' },
      { base: 'EUR', quote: 'GBP', date: '2026-03-06', rate: '0.84255' },
      { base: 'EUR', quote: 'USD', date: '2026-03-05', rate: '1.0812' },
      { base: 'EUR', quote: 'JPY', date: '2026-03-05', rate: '162.9' },
      { base: 'EUR', quote: 'GBP', date: '2026-03-05', rate: '0.8411' },
      { base: 'EUR', quote: 'USD', date: '2007-12-31', rate: '1.4721' },
      { base: 'EUR', quote: 'JPY', date: '2007-12-31', rate: '164.93' },
      { base: 'EUR', quote: 'GBP', date: '2007-12-31', rate: '0.73335' },
    ]);
    expect(result.skippedColumns).toEqual([{ column: 4, code: 'CYP', reason: 'replaced by the euro in 2008' }]);
    expect(() => rateTable(result.rates)).not.toThrow();
  });

  it('reads the daily file with its spaces and spelled-out date', () => {
    const daily = 'Date, USD, JPY, \n06 March 2026, 1.0845, 163.45, \n';
    expect(parseRatesCsv(daily).rates).toEqual([
      { base: 'EUR', quote: 'USD', date: '2026-03-06', rate: '1.0845' },
      { base: 'EUR', quote: 'JPY', date: '2026-03-06', rate: '163.45' },
    ]);
  });

  it('names each bad line by number and column, and keeps reading so every problem is listed', () => {
    const csv = [
      'Date,USD,JPY,',
      '2026-03-06,1.0845,163.45,',
      '2026-02-30,1.08,162,', // line 3: no such day
      '2026-03-04,1.08,-162,', // line 4: negative rate
      '2026-03-03,1.08,', // line 5: a value missing
      '2026-03-06,1.09,163,', // line 6: the same day again
      '2026-03-02,1.0a,1e2,', // line 7: two bad values
    ].join('\n');
    const result = parseRatesCsv(csv);
    expect(isCleanImport(result)).toBe(false);
    expect(result.errors.map(({ line, column }) => [line, column])).toEqual([
      [3, 1],
      [4, 3],
      [5, 0],
      [6, 1],
      [7, 2],
      [7, 3],
    ]);
    expect(result.errors[0].message).toMatch(/"2026-02-30" is not a date/);
    expect(result.errors[1].message).toMatch(/JPY rate "-162"/);
    expect(result.errors[3].message).toMatch(/already on line 2/);
  });

  it('refuses a header column that is not an ISO 4217 code, or the base itself', () => {
    const result = parseRatesCsv('Date,USD,XYZ,EUR\n2026-03-06,1.0845,1,1\n');
    expect(result.errors).toEqual([
      { line: 1, column: 3, message: '"XYZ" is not an ISO 4217 currency code' },
      { line: 1, column: 4, message: 'EUR is the base currency of the file' },
    ]);
    expect(isCleanImport(result)).toBe(false);
  });

  it('takes another base when asked', () => {
    expect(parseRatesCsv('Date,EUR\n2026-03-06,0.92\n', { base: 'USD' }).rates).toEqual([{ base: 'USD', quote: 'EUR', date: '2026-03-06', rate: '0.92' }]);
  });
});

describe('long files: date,base,quote,rate', () => {
  it('reads one rate a line, columns in any order, quoted cells too', () => {
    const csv = 'quote,date,base,rate\nUSD,2026-03-06,EUR,1.0845\n"JPY","2026-03-06","USD","150.25"\n';
    const result = parseRatesCsv(csv);
    expect(result.shape).toBe('long');
    expect(isCleanImport(result)).toBe(true);
    expect(result.rates).toEqual([
      { base: 'EUR', quote: 'USD', date: '2026-03-06', rate: '1.0845' },
      { base: 'USD', quote: 'JPY', date: '2026-03-06', rate: '150.25' },
    ]);
  });

  it('names every bad line: N/A, unknown codes, bad dates, duplicates, wrong width, broken quotes', () => {
    const csv = [
      'date,base,quote,rate',
      '2026-03-06,EUR,USD,1.0845',
      '2026-03-06,EUR,JPY,N/A', // 3: a long line must give a rate
      '2026-13-01,EUR,XXX,1', // 4: bad date and bad quote
      '2026-03-06,EUR,USD,1.09', // 5: duplicate of line 2
      '2026-03-06,EUR,EUR,1', // 6: base = quote
      '2026-03-06,EUR,USD', // 7: three cells
      '"2026-03-06,EUR,USD,1', // 8: unbalanced quote
    ].join('\n');
    const result = parseRatesCsv(csv);
    expect(result.errors.map(({ line, column }) => [line, column])).toEqual([
      [3, 4],
      [4, 1],
      [4, 3],
      [5, 1],
      [6, 3],
      [7, 0],
      [8, 0],
    ]);
    expect(result.errors[0].message).toMatch(/"N\/A" must be a decimal number/);
    expect(result.errors[3].message).toMatch(/already on line 2/);
    expect(result.rates).toHaveLength(1);
    expect(isCleanImport(result)).toBe(false);
  });
});

describe('files that are not rate files', () => {
  it('reports an empty file and an unknown header on line 1', () => {
    expect(parseRatesCsv('').errors).toEqual([{ line: 1, column: 0, message: expect.stringMatching(/empty/) }]);
    expect(parseRatesCsv('\uFEFFname,amount\nx,1\n')).toMatchObject({ shape: 'unknown', errors: [{ line: 1, column: 0 }] });
  });

  it('lists the first 200 errors and counts the rest', () => {
    const lines = ['date,base,quote,rate', ...Array.from({ length: 250 }, () => 'x,EUR,USD,1')];
    const result = parseRatesCsv(lines.join('\n'));
    expect(result.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(result.moreErrors).toBe(50);
    expect(result.errors[199].line).toBe(201);
  });
});
