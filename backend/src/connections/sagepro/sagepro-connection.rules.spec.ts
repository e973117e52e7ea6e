import { describe, expect, it } from 'vitest';
import { companyTablesVerdict, detailsSummary, newSageProConnectionRules, REQUIRED_COMPANY_TABLES } from './sagepro-connection.rules.js';

describe('Sage Pro connection rules', () => {
  it('pads company ids and limits the sandbox to its seeded companies', () => {
    expect(newSageProConnectionRules.parse({ edition: 'sandbox', companyId: '1' })).toMatchObject({ companyId: '01', name: 'Sage Pro sandbox' });
    expect(newSageProConnectionRules.safeParse({ edition: 'sandbox', companyId: '02' }).error?.issues[0].path).toEqual(['companyId']);
  });

  it('needs every SQL Server detail and names what is wrong', () => {
    const base = { edition: 'sqlserver', companyId: '01', host: 'erp.local', companyDatabase: 'PRO01', systemDatabase: 'PROSYS', user: 'settle', password: 'x' };
    expect(newSageProConnectionRules.parse(base)).toMatchObject({ port: 1433, encrypt: true, trustServerCertificate: false });
    expect(newSageProConnectionRules.safeParse({ ...base, companyDatabase: 'PRO01; DROP TABLE x' }).error?.issues[0].path).toEqual(['companyDatabase']);
    expect(newSageProConnectionRules.safeParse({ ...base, password: undefined }).error?.issues[0].path).toEqual(['password']);
  });

  it('never shows the password in the summary', () => {
    const summary = detailsSummary({ host: 'h', port: 1433, companyDatabase: 'PRO01', systemDatabase: 'PROSYS', user: 'u', password: 'secret', encrypt: true, trustServerCertificate: false });
    expect(JSON.stringify(summary)).not.toContain('secret');
    expect(summary).toMatchObject({ host: 'h', user: 'u' });
  });

  it('tells a Sage Pro company from another database and lists missing tables', () => {
    expect(companyTablesVerdict(['orders', 'customers'])).toEqual({ kind: 'not_sage_pro' });
    expect(companyTablesVerdict([...REQUIRED_COMPANY_TABLES, 'SYCRLST '])).toEqual({ kind: 'ok' });
    expect(companyTablesVerdict(['arcust', 'armast', 'sycrlst'])).toMatchObject({ kind: 'missing_tables', missing: expect.arrayContaining(['arcash', 'glacnt']) });
  });
});
