import { describe, expect, it } from 'vitest';
import { sageProConnectionOptions } from '../../sagepro/options.js';
import { connectorOptionsFor, defaultPosting, postingOf } from './sagepro-posting.js';

describe('Sage Pro posting settings', () => {
  it('fill what a connection did not store from the defaults', () => {
    expect(postingOf({ glCash: '1015' })).toMatchObject({ glCash: '1015', glReceivables: defaultPosting().glReceivables, statusOnOrder: true });
    expect(postingOf(null)).toEqual(defaultPosting());
  });

  it('become valid connector options for the sandbox and for SQL Server', () => {
    const posting = postingOf({ statusOnInvoice: false, paidCode: 'PAIDCARD' });
    const sandbox = sageProConnectionOptions.parse(connectorOptionsFor({ edition: 'sandbox', companyId: '99', details: null, timeZone: 'America/Chicago' }, posting));
    expect(sandbox).toMatchObject({ dialect: 'postgres', compid: '99', tables: { company: ['pro99'], system: ['prosys'] } });
    expect(sandbox.paymentStatus).toMatchObject({ orderField: 'orderstat', invoiceField: null, codes: { paid: 'PAIDCARD' } });
    const sqlServer = sageProConnectionOptions.parse(
      connectorOptionsFor({ edition: 'sqlserver', companyId: '01', details: { companyDatabase: 'PRO01', systemDatabase: 'PROSYS' }, timeZone: 'America/Chicago' }, posting),
    );
    expect(sqlServer).toMatchObject({ dialect: 'mssql', tables: { company: ['PRO01', 'dbo'], system: ['PROSYS', 'dbo'] } });
  });

  it('refuse accounts and codes wider than Sage Pro stores them', () => {
    expect(() => postingOf({ glCash: 'x'.repeat(25) })).toThrow();
    expect(() => postingOf({ paidCode: 'x'.repeat(21) })).toThrow();
  });
});
