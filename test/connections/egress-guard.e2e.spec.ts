/**
 * Finding 2 of issue #12: a PayTrace "custom" base URL (or a SQL Server host) could name any address,
 * the connection test POSTed the credentials there and answered part of the reply (a page's <title>),
 * and open, closed and filtered ports answered differently: a port scanner. Now every outbound
 * connection goes through the egress guard:
 * - under the production policy (EGRESS_ALLOW unset in production; `none` here) loopback, private,
 *   link-local and metadata addresses are refused as typed (BAD_USER_INPUT), and when a test would
 *   connect: names resolving to them (this machine's host name), addresses saved before the guard;
 *   nothing is sent there;
 * - where loopback is allowed (development, tests), a test answers one fixed sentence per outcome,
 *   the same for a closed port, a Redis port and a web page;
 * - tests are counted per tenant (CONNECTION_TESTS_PER_MINUTE) and each is in the audit log.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CONNECTION_TEST_MESSAGES } from '../../backend/src/paytrace/connection-test.js';
import { SAGEPRO_TEST_MESSAGES } from '../../backend/src/connections/sagepro/sagepro-connection-test.js';
import { startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'Tenant-Paytrace-Secret-77';
let production: TestApp;
let development: TestApp;
let titlePage: Server;
let titlePort = 0;
const received: string[] = [];
const redisPort = Number(new URL(inject('redisUrl')).port || 6379);

async function signUp(t: TestApp, company: string, email: string): Promise<string> {
  const res = await t.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }', { i: { companyName: company, email, password: 'egress-pass-123' } });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.signUp.accessToken;
}

async function ok(t: TestApp, token: string, query: string, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

async function customPayTrace(t: TestApp, token: string, baseUrl: string): Promise<string> {
  const data = await ok(t, token, 'mutation($b: String!, $p: String!) { createPayTraceConnection(input: { environment: custom, baseUrl: $b, username: "api-user", password: $p, integratorId: "i" }) { id } }', { b: baseUrl, p: PASSWORD });
  return data.createPayTraceConnection.id;
}

async function sqlServer(t: TestApp, token: string, host: string, port: number): Promise<string> {
  const data = await ok(t, token, 'mutation($h: String!, $port: Int!, $p: String!) { createSageProConnection(input: { edition: sqlserver, companyId: "1", host: $h, port: $port, companyDatabase: "PRO01", systemDatabase: "PROSYS", user: "sa", password: $p }) { id } }', { h: host, port, p: PASSWORD });
  return data.createSageProConnection.id;
}

const testPayTrace = (t: TestApp, token: string, id: string) => t.gql('mutation($id: ID!) { testPayTraceConnection(id: $id) { status message durationMs } }', { id }, { token });
const testSagePro = (t: TestApp, token: string, id: string) => t.gql('mutation($id: ID!) { testSageProConnection(id: $id) { status message durationMs } }', { id }, { token });

beforeAll(async () => {
  titlePage = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>Internal Billing Admin</title></head><body>secret page</body></html>');
    });
  });
  await new Promise<void>((resolve) => titlePage.listen(0, '0.0.0.0', resolve));
  titlePort = (titlePage.address() as AddressInfo).port;
  [production, development] = await Promise.all([startTestApp({ EGRESS_ALLOW: 'none' }), startTestApp()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([production?.close(), development?.close()]);
  await new Promise<void>((resolve) => titlePage?.close(() => resolve()));
});

describe('the egress guard under the production policy', () => {
  it('refuses PayTrace base URLs and SQL Server hosts on metadata and loopback as they are typed', async () => {
    const token = await signUp(production, 'Hostile Zero', 'ops@hostile-zero.test');
    for (const baseUrl of ['http://169.254.169.254/latest/meta-data', `http://127.0.0.1:${redisPort}`, `http://[::ffff:127.0.0.1]:${titlePort}`, 'http://2130706433', `http://localhost:${titlePort}`, 'http://[fd00:ec2::254]']) {
      const res = await production.gql('mutation($b: String!) { createPayTraceConnection(input: { environment: custom, baseUrl: $b, username: "u", password: "p", integratorId: "i" }) { id } }', { b: baseUrl }, { token });
      expect(res.body.errors?.[0].extensions, baseUrl).toMatchObject({ code: 'BAD_USER_INPUT', field: 'baseUrl' });
    }
    for (const host of ['169.254.169.254', '127.0.0.1', 'localhost', '10.0.0.5']) {
      const res = await production.gql('mutation($h: String!) { createSageProConnection(input: { edition: sqlserver, host: $h, companyDatabase: "PRO01", systemDatabase: "PROSYS", user: "sa", password: "p" }) { id } }', { h: host }, { token });
      expect(res.body.errors?.[0].extensions, host).toMatchObject({ code: 'BAD_USER_INPUT', field: 'host' });
    }
  });

  it('refuses them when tested too: a name resolving to loopback, and addresses saved before the guard, sending nothing there', async () => {
    const token = await signUp(production, 'Hostile One', 'ops@hostile-one.test');
    // This machine's own name (/etc/hosts: loopback or a private address): accepted as typed, refused when used.
    const id = await customPayTrace(production, token, `http://${hostname()}:${titlePort}`);
    const savedBefore = ['http://169.254.169.254/latest/meta-data', `http://127.0.0.1:${redisPort}`, `http://127.0.0.1:${titlePort}`, `http://[::ffff:127.0.0.1]:${titlePort}`];
    const admin = new pg.Client({ connectionString: production.db.adminUrl });
    await admin.connect();
    try {
      for (const baseUrl of [null, ...savedBefore]) {
        if (baseUrl) await admin.query('UPDATE paytrace_connections SET base_url = $1 WHERE id = $2', [baseUrl, id]);
        const res = await testPayTrace(production, token, id);
        expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
        expect(res.body.data.testPayTraceConnection, baseUrl ?? hostname()).toMatchObject({ status: 'refused_address', message: CONNECTION_TEST_MESSAGES.refused_address });
      }
    } finally {
      await admin.end();
    }
    expect(received).toEqual([]); // no login, no credentials, nothing reached the page

    const { auditLog } = await ok(production, token, '{ auditLog(first: 50, action: "connection.tested") { nodes { action targetType details } } }');
    expect(auditLog.nodes).toHaveLength(1 + savedBefore.length);
    for (const entry of auditLog.nodes) expect(JSON.parse(entry.details)).toEqual({ status: 'refused_address' });
  });

  it('refuses a SQL Server host name that resolves to loopback when tested', async () => {
    const token = await signUp(production, 'Hostile Two', 'ops@hostile-two.test');
    const res = await testSagePro(production, token, await sqlServer(production, token, hostname(), titlePort));
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.testSageProConnection).toMatchObject({ status: 'refused_address', message: SAGEPRO_TEST_MESSAGES.refused_address });
    expect(received).toEqual([]);
  });

  it('still reaches its own built-in sandbox', async () => {
    const token = await signUp(production, 'Sandbox Co', 'ops@sandbox-co.test');
    const { createPayTraceConnection } = await ok(production, token, 'mutation { createPayTraceConnection(input: { environment: sandbox }) { id } }');
    expect((await testPayTrace(production, token, createPayTraceConnection.id)).body.data.testPayTraceConnection.status).toBe('ok');
  });

  it('allows a tenant CONNECTION_TESTS_PER_MINUTE tests a minute, and no more', async () => {
    const token = await signUp(production, 'Noisy Tester', 'ops@noisy.test');
    const other = await signUp(production, 'Quiet Tester', 'ops@quiet.test');
    const id = await customPayTrace(production, token, `http://${hostname()}:${titlePort}`);
    for (let i = 0; i < production.config.CONNECTION_TESTS_PER_MINUTE; i++) {
      expect((await testPayTrace(production, token, id)).body.data?.testPayTraceConnection.status).toBe('refused_address');
    }
    const limited = await testPayTrace(production, token, id);
    expect(limited.body.errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
    const sage = await testSagePro(production, token, await sqlServer(production, token, hostname(), titlePort));
    expect(sage.body.errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
    // Another tenant's budget is its own.
    const theirs = await customPayTrace(production, other, `http://${hostname()}:${titlePort}`);
    expect((await testPayTrace(production, other, theirs)).body.data?.testPayTraceConnection.status).toBe('refused_address');
  });
});

describe('connection tests where loopback is allowed (development)', () => {
  it('answer the same fixed sentence for a web page, a Redis port and a closed port, never what came back', async () => {
    const token = await signUp(development, 'Curious Co', 'ops@curious.test');
    const answers = [];
    // Over https too: an open port that speaks no TLS must not answer otherwise than a closed one.
    for (const baseUrl of [`http://127.0.0.1:${titlePort}`, `http://127.0.0.1:${redisPort}`, 'http://127.0.0.1:9', `https://127.0.0.1:${titlePort}`, 'https://127.0.0.1:9']) {
      const res = await testPayTrace(development, token, await customPayTrace(development, token, baseUrl));
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      answers.push(res.body.data.testPayTraceConnection);
    }
    for (const answer of answers) expect(answer).toMatchObject({ status: 'unreachable', message: CONNECTION_TEST_MESSAGES.unreachable });
    expect(JSON.stringify(answers)).not.toMatch(/Billing|secret page|title|ECONNREFUSED|6379|redis/i);
    expect(received.length).toBeGreaterThan(0); // the page was reached: allowed here, and still not echoed

    const sageAnswers = [];
    for (const port of [titlePort, redisPort, 9]) {
      const res = await testSagePro(development, token, await sqlServer(development, token, '127.0.0.1', port));
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      sageAnswers.push(res.body.data.testSageProConnection);
    }
    for (const answer of sageAnswers) expect(answer.message).toBe(SAGEPRO_TEST_MESSAGES[answer.status as keyof typeof SAGEPRO_TEST_MESSAGES]);
    expect(new Set(sageAnswers.map((answer) => answer.status))).toEqual(new Set(['unreachable']));
    expect(JSON.stringify(sageAnswers)).not.toMatch(/Billing|secret page|title|ECONNREFUSED|6379|redis/i);
  });
});
