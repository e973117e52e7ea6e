import { describe, expect, it } from 'vitest';
import { PermanentSageProError } from '../../sagepro/errors.js';
import { sageProConnectionOptions } from '../../sagepro/options.js';
import {
  type ChartAccount,
  checkAgainstChart,
  chosenAccounts,
  connectorOptionsFor,
  defaultPosting,
  missingAccountError,
  postingOf,
  postingWithAccounts,
} from './sagepro-posting.js';

const ACCOUNTS = { cash: '1010', receivables: '1200', discounts: '4050', refunds: '1020', chargebacks: '1030', sales: '4000' };
const CHART: ChartAccount[] = [
  { account: '1010', description: 'Card Clearing - PayTrace', type: 'A', active: true },
  { account: '1200', description: 'Accounts Receivable', type: 'A', active: true },
  { account: '1999', description: 'Old clearing', type: 'A', active: false },
];

describe('Sage Pro posting settings', () => {
  it('start with no GL account: a company has none until someone chooses them from its chart', () => {
    const posting = postingOf(null);
    expect(posting).toEqual(defaultPosting());
    expect([posting.glCash, posting.glReceivables, posting.glDiscounts, posting.glRefunds, posting.glChargebacks, posting.glSales]).toEqual([null, null, null, null, null, null]);
    expect(chosenAccounts(posting)).toEqual({ ok: false, missing: ['glCash', 'glReceivables', 'glDiscounts', 'glRefunds', 'glChargebacks'] });
  });

  it('fill what a connection did not store from the defaults, keeping the accounts it chose', () => {
    expect(postingOf({ glCash: '1015' })).toMatchObject({ glCash: '1015', glReceivables: null, statusOnOrder: true });
    expect(postingOf(postingWithAccounts(ACCOUNTS))).toMatchObject({ glCash: '1010', glChargebacks: '1030', glSales: '4000', paidCode: 'PAID' });
  });

  it('need every account but the sales one before anything is posted', () => {
    const chosen = postingWithAccounts(ACCOUNTS);
    expect(chosenAccounts(chosen)).toEqual({ ok: true, gl: ACCOUNTS });
    expect(chosenAccounts({ ...chosen, glSales: null })).toEqual({ ok: true, gl: { ...ACCOUNTS, sales: undefined } });
    expect(chosenAccounts({ ...chosen, glRefunds: null })).toEqual({ ok: false, missing: ['glRefunds'] });
  });

  it('name the first missing account as a validation error that says where to choose it', () => {
    const error = missingAccountError('Main office', ['glCash', 'glRefunds']);
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error).toMatchObject({ kind: 'validation', field: 'gl.cash' });
    expect(error.message).toContain('choose the cash account in Connections → Main office → Posting');
    expect(error.message).toContain('also not chosen: refunds');
  });

  it('take accounts only from the company chart, as the chart spells them, and never an inactive one', () => {
    expect(checkAgainstChart({ glCash: ' 1010', glReceivables: '1200', paidCode: 'PAID' }, CHART)).toEqual({ ok: true, accounts: { glCash: '1010', glReceivables: '1200' } });
    expect(checkAgainstChart({ glCash: '1010', glRefunds: '9999' }, CHART)).toMatchObject({ ok: false, field: 'glRefunds', message: expect.stringContaining('9999 is not an account') });
    expect(checkAgainstChart({ glChargebacks: '1999' }, CHART)).toMatchObject({ ok: false, field: 'glChargebacks', message: expect.stringContaining('inactive') });
    expect(checkAgainstChart({ statusOnOrder: false }, [])).toEqual({ ok: true, accounts: {} });
  });

  it('become valid connector options for the sandbox and for SQL Server', () => {
    const posting = postingOf({ ...postingWithAccounts(ACCOUNTS), statusOnInvoice: false, paidCode: 'PAIDCARD' });
    const { gl } = chosenAccounts(posting) as { gl: typeof ACCOUNTS };
    const sandbox = sageProConnectionOptions.parse(connectorOptionsFor({ edition: 'sandbox', companyId: '99', details: null, timeZone: 'America/Chicago' }, posting, gl));
    expect(sandbox).toMatchObject({ dialect: 'postgres', compid: '99', tables: { company: ['pro99'], system: ['prosys'] }, gl: ACCOUNTS });
    expect(sandbox.paymentStatus).toMatchObject({ orderField: 'orderstat', invoiceField: null, codes: { paid: 'PAIDCARD' } });
    const sqlServer = sageProConnectionOptions.parse(
      connectorOptionsFor({ edition: 'sqlserver', companyId: '01', details: { companyDatabase: 'PRO01', systemDatabase: 'PROSYS' }, timeZone: 'America/Chicago' }, posting, gl),
    );
    expect(sqlServer).toMatchObject({ dialect: 'mssql', tables: { company: ['PRO01', 'dbo'], system: ['PROSYS', 'dbo'] } });
  });

  it('refuse accounts and codes wider than Sage Pro stores them', () => {
    expect(() => postingOf({ glCash: 'x'.repeat(25) })).toThrow();
    expect(() => postingOf({ paidCode: 'x'.repeat(21) })).toThrow();
  });
});
