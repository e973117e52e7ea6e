/**
 * Sage Pro connections: the built-in sandbox company in one click, SQL Server edition details stored
 * encrypted, and a test that tells a working company from missing tables, another database and an
 * unreachable server, within 10 s.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../backend/src/platform/database/urls.js';
import { sageProSandboxDatabase } from '../../backend/src/sandbox/sandbox.service.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SQLSERVER_PASSWORD = 'Sage-Pro-Sql-Secret-42';
let t: TestApp;
let token: string;
let tenantId: string;

async function gqlOk(query: string, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

const testConnection = async (id: string) =>
  (await gqlOk('mutation($id: ID!) { testSageProConnection(id: $id) { status message durationMs } }', { id })).testSageProConnection;

/** Runs SQL as the sandbox's administrator in this tenant's own sandbox company database. */
async function onSandbox(statement: string) {
  const database = sageProSandboxDatabase(t.config.SAGEPRO_SANDBOX_DATABASE, tenantId);
  const client = new pg.Client({ connectionString: withDatabase(t.db.adminUrl, database) });
  await client.connect();
  await client.query(statement);
  await client.end();
}

beforeAll(async () => {
  t = await startTestApp();
  const signUp = await t.gql('mutation { signUp(input: { companyName: "Granite Supply", email: "ops@granite.test", password: "granite-pass-1" }) { accessToken me { tenant { id } } } }');
  token = signUp.body.data.signUp.accessToken;
  tenantId = signUp.body.data.signUp.me.tenant.id;
});

afterAll(() => t?.close());

describe('Sage Pro connections', () => {
  it('connects the built-in sandbox company in one click and tests it', async () => {
    const { createSageProConnection: c } = await gqlOk('mutation { createSageProConnection(input: { edition: sandbox }) { id name edition companyId host passwordHint } }');
    expect(c).toMatchObject({ name: 'Sage Pro sandbox', edition: 'sandbox', companyId: '01', host: null, passwordHint: '' });
    expect(await testConnection(c.id)).toMatchObject({ status: 'ok' });
    const { sageProConnection } = await gqlOk('query($id: ID!) { sageProConnection(id: $id) { lastTest { result } } }', { id: c.id });
    expect(sageProConnection.lastTest.result).toBe('ok');
  });

  it('shows the sandbox company read-only: customers, open invoices, stock', async () => {
    const { createSageProConnection: c } = await gqlOk('mutation { createSageProConnection(input: { edition: sandbox, name: "Viewer" }) { id } }');
    const view = async (v: string) => (await gqlOk('query($c: ID!, $v: SageProView!) { sageProSandboxView(connectionId: $c, view: $v, limit: 5) { columns rows } }', { c: c.id, v })).sageProSandboxView;
    const invoices = await view('open_invoices');
    expect(invoices.columns).toEqual(expect.arrayContaining(['invno', 'custno', 'balance']));
    expect(invoices.rows).toHaveLength(5);
    expect(invoices.rows[0][invoices.columns.indexOf('invno')]).toMatch(/^\d+$/);
    for (const v of ['customers', 'receipts', 'gl_distributions', 'orders', 'stock']) expect((await view(v)).rows.length).toBeGreaterThan(0);
    const tooMany = await t.gql('query($c: ID!) { sageProSandboxView(connectionId: $c, view: stock, limit: 5000) { columns } }', { c: c.id }, { token });
    expect(tooMany.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
  });

  it('keeps SQL Server details encrypted and reports an unreachable server quickly', async () => {
    const { createSageProConnection: c } = await gqlOk(
      `mutation($p: String!) { createSageProConnection(input: { edition: sqlserver, companyId: "1", host: "127.0.0.1", port: 9, companyDatabase: "PRO01", systemDatabase: "PROSYS", user: "settle", password: $p }) { id companyId host port companyDatabase user passwordHint encrypt } }`,
      { p: SQLSERVER_PASSWORD },
    );
    expect(c).toMatchObject({ companyId: '01', host: '127.0.0.1', port: 9, companyDatabase: 'PRO01', user: 'settle', encrypt: true });
    expect(c.passwordHint).toMatch(/^•+t-42$/);
    const client = new pg.Client({ connectionString: t.db.adminUrl });
    await client.connect();
    const stored = JSON.stringify((await client.query('SELECT * FROM sagepro_connections')).rows);
    await client.end();
    expect(stored).not.toContain(SQLSERVER_PASSWORD);

    const result = await testConnection(c.id);
    expect(result.status).toBe('unreachable');
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it("gives each tenant a sandbox company of its own: nobody sees another tenant's receipts", async () => {
    const other = await t.gql('mutation { signUp(input: { companyName: "Other Co", email: "ops@other.test", password: "other-pass-12" }) { accessToken } }');
    const otherToken = other.body.data.signUp.accessToken;
    const mine = (await gqlOk('mutation { createSageProConnection(input: { edition: sandbox }) { id } }')).createSageProConnection.id;
    const theirs = (await t.gql('mutation { createSageProConnection(input: { edition: sandbox }) { id } }', {}, { token: otherToken })).body.data.createSageProConnection.id;
    await onSandbox("UPDATE pro01.arcust SET company = 'ONLY IN GRANITE SANDBOX' WHERE custno = (SELECT min(custno) FROM pro01.arcust)");
    const view = (id: string, tok: string) => t.gql('query($c: ID!) { sageProSandboxView(connectionId: $c, view: customers, limit: 1000) { rows } }', { c: id }, { token: tok });
    expect(JSON.stringify((await view(mine, token)).body.data)).toContain('ONLY IN GRANITE SANDBOX');
    expect(JSON.stringify((await view(theirs, otherToken)).body.data)).not.toContain('ONLY IN GRANITE SANDBOX');
  });

  it('keeps how Settle posts per connection: GL accounts, payment status placement and codes', async () => {
    const { createSageProConnection: c } = await gqlOk('mutation { createSageProConnection(input: { edition: sandbox, name: "Posting" }) { id posting { glCash statusOnOrder statusOnInvoice paidCode creditHold } } }');
    expect(c.posting).toEqual({ glCash: '1010', statusOnOrder: true, statusOnInvoice: true, paidCode: 'PAID', creditHold: 'refuse' });
    const { updateSageProPosting: u } = await gqlOk(
      'mutation($id: ID!) { updateSageProPosting(id: $id, input: { glCash: "1000", statusOnInvoice: false, creditHold: "apply" }) { posting { glCash statusOnOrder statusOnInvoice creditHold } } }',
      { id: c.id },
    );
    expect(u.posting).toEqual({ glCash: '1000', statusOnOrder: true, statusOnInvoice: false, creditHold: 'apply' });
    const wide = await t.gql('mutation($id: ID!) { updateSageProPosting(id: $id, input: { glCash: "1234567890123456789012345" }) { id } }', { id: c.id }, { token });
    expect(wide.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'glCash' });
    const badPolicy = await t.gql('mutation($id: ID!) { updateSageProPosting(id: $id, input: { creditHold: "ignore" }) { id } }', { id: c.id }, { token });
    expect(badPolicy.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditHold' });
  });

  it('names the field of bad details and refuses to edit the sandbox as SQL Server', async () => {
    const bad = await t.gql(
      'mutation { createSageProConnection(input: { edition: sqlserver, host: "h", companyDatabase: "PRO01; DROP TABLE x", systemDatabase: "PROSYS", user: "u", password: "p" }) { id } }',
      {},
      { token },
    );
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'companyDatabase' });
    const { createSageProConnection: c } = await gqlOk('mutation { createSageProConnection(input: { edition: sandbox, companyId: "99" }) { id } }');
    const refused = await t.gql('mutation($id: ID!) { updateSageProConnection(id: $id, input: { host: "elsewhere" }) { id } }', { id: c.id }, { token });
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'host' });
  });

  it('tells missing tables and a database that is not Sage Pro apart', async () => {
    const { createSageProConnection: c } = await gqlOk('mutation { createSageProConnection(input: { edition: sandbox, companyId: "99", name: "Damaged" }) { id } }');
    await onSandbox('ALTER TABLE pro99.glacnt RENAME TO glacnt_old');
    const missing = await testConnection(c.id);
    expect(missing.status).toBe('missing_tables');
    expect(missing.message).toContain('glacnt');
    await onSandbox('ALTER TABLE pro99.arcust RENAME TO arcust_old; ALTER TABLE pro99.armast RENAME TO armast_old');
    expect((await testConnection(c.id)).status).toBe('not_sage_pro');
    await onSandbox('ALTER TABLE pro99.glacnt_old RENAME TO glacnt; ALTER TABLE pro99.arcust_old RENAME TO arcust; ALTER TABLE pro99.armast_old RENAME TO armast');
    expect((await testConnection(c.id)).status).toBe('ok');
  });
});
