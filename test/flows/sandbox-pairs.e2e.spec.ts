/**
 * Sandbox pairs for dev and qa: a company that signs up (SANDBOX_PAIRS_ON_SIGNUP on) finds a pair on
 * the built-in sandboxes in dev and in qa and none in prod; provisionSandboxPairs makes the missing
 * ones for anyone else, once however often (and however concurrently) it is asked, for admins only,
 * and never where the sandboxes are off. The test harness's default keeps sign-ups bare.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../backend/src/auth/passwords.js';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'correct-horse-battery';
const PAIRS = 'name integrations { id name environment payTraceConnectionId sageProConnectionId }';
const PROVISION = `mutation { provisionSandboxPairs { ${PAIRS} } }`;

interface Pair {
  id: string;
  name: string;
  environment: string;
  payTraceConnectionId: string;
  sageProConnectionId: string;
}
type Environments = { name: string; integrations: Pair[] }[];

const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code;
function ok<T = any>(res: GqlResponse<T>): T {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

async function signUp(t: TestApp, companyName: string, email: string) {
  const res = ok(await t.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { user { id } tenant { id } } } }', { i: { companyName, email, password: PASSWORD } }));
  return { token: res.signUp.accessToken as string, userId: res.signUp.me.user.id as string, tenantId: res.signUp.me.tenant.id as string };
}

async function environments(t: TestApp, token: string): Promise<Record<string, Pair[]>> {
  const { environments } = ok<{ environments: Environments }>(await t.gql(`{ environments { ${PAIRS} } }`, {}, { token }));
  return Object.fromEntries(environments.map((e) => [e.name, e.integrations]));
}

const pairIds = (byEnvironment: Record<string, Pair[]>) => Object.fromEntries(Object.entries(byEnvironment).map(([name, pairs]) => [name, pairs.map((p) => p.id)]));

describe('with sandbox pairs at sign-up', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; tenantId: string };

  beforeAll(async () => {
    t = await startTestApp({ SANDBOX_PAIRS_ON_SIGNUP: 'on' });
    owner = await signUp(t, 'Acme Pairs', 'owner@pairs.test');
  });
  afterAll(() => t?.close());

  it('gives dev and qa a sandbox pair each, prod none', async () => {
    expect(t.config.SANDBOX_PAIRS_ON_SIGNUP).toBe('on');
    const byEnvironment = await environments(t, owner.token);
    expect(byEnvironment.prod).toEqual([]);
    expect(byEnvironment.dev.map((p) => [p.name, p.environment])).toEqual([['Dev sandbox', 'dev']]);
    expect(byEnvironment.qa.map((p) => [p.name, p.environment])).toEqual([['QA sandbox', 'qa']]);

    // Each environment its own PayTrace merchant and Sage Pro company, on the sandboxes, polling slowly.
    const [dev, qa] = [byEnvironment.dev[0], byEnvironment.qa[0]];
    const connections = async (pair: Pair) => {
      const data = ok(
        await t.gql(
          `query($p: ID!, $s: ID!) {
            payTraceConnection(id: $p) { environment username pollIntervalSeconds }
            sageProConnection(id: $s) { edition companyId posting { glCash glReceivables } } }`,
          { p: pair.payTraceConnectionId, s: pair.sageProConnectionId },
          { token: owner.token },
        ),
      );
      return data;
    };
    const [devConnections, qaConnections] = [await connections(dev), await connections(qa)];
    expect(devConnections.payTraceConnection).toMatchObject({ environment: 'sandbox', pollIntervalSeconds: 3600 });
    expect(qaConnections.payTraceConnection).toMatchObject({ environment: 'sandbox', pollIntervalSeconds: 3600 });
    expect(devConnections.payTraceConnection.username).not.toBe(qaConnections.payTraceConnection.username);
    expect(devConnections.sageProConnection).toMatchObject({ edition: 'sandbox', companyId: '01' });
    expect(qaConnections.sageProConnection).toMatchObject({ edition: 'sandbox', companyId: '99' });
    // The sandbox company's posting accounts are chosen, as at one click: the pair can post at once.
    for (const { sageProConnection } of [devConnections, qaConnections]) {
      expect(sageProConnection.posting.glCash).toBeTruthy();
      expect(sageProConnection.posting.glReceivables).toBeTruthy();
    }

    // Made as the new owner, audited like any connection and integration.
    const admin = new pg.Client({ connectionString: t.db.adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `SELECT action, count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND actor_user_id = $2 AND action IN ('connection.created', 'integration.created') GROUP BY action ORDER BY action`,
        [owner.tenantId, owner.userId],
      );
      expect(rows).toEqual([
        { action: 'connection.created', n: 4 },
        { action: 'integration.created', n: 2 },
      ]);
    } finally {
      await admin.end();
    }
  });

  it('provisionSandboxPairs then makes nothing more, however often it is asked', async () => {
    const before = pairIds(await environments(t, owner.token));
    const first = ok(await t.gql(PROVISION, {}, { token: owner.token })).provisionSandboxPairs as Environments;
    const second = ok(await t.gql(PROVISION, {}, { token: owner.token })).provisionSandboxPairs as Environments;
    expect(first.map((e) => e.name)).toEqual(['dev', 'qa']);
    expect(second).toEqual(first);
    expect(Object.fromEntries(first.map((e) => [e.name, e.integrations.map((p) => p.id)]))).toEqual({ dev: before.dev, qa: before.qa });
    expect(pairIds(await environments(t, owner.token))).toEqual(before);
  });
});

describe('with the test default (no sandbox pairs at sign-up)', () => {
  let t: TestApp;
  let owner: { token: string; userId: string; tenantId: string };
  let viewer: { token: string };

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });
    owner = await signUp(t, 'Bare Pairs', 'owner@bare-pairs.test');
    const admin = new pg.Client({ connectionString: t.db.adminUrl });
    await admin.connect();
    try {
      const user = await admin.query('INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id', ['vic@bare-pairs.test', await hashPassword(PASSWORD)]);
      await admin.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)', [owner.tenantId, user.rows[0].id, 'viewer']);
    } finally {
      await admin.end();
    }
    const login = ok(await t.gql('mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }', { i: { email: 'vic@bare-pairs.test', password: PASSWORD } }));
    viewer = { token: login.logIn.accessToken };
  });
  afterAll(() => t?.close());

  it('a sign-up gets no pairs', async () => {
    expect(t.config.SANDBOX_PAIRS_ON_SIGNUP).toBe('off');
    expect(pairIds(await environments(t, owner.token))).toEqual({ dev: [], qa: [], prod: [] });
  });

  it('a viewer may not provision them', async () => {
    expect(codeOf(await t.gql(PROVISION, {}, { token: viewer.token }))).toBe('FORBIDDEN');
    expect(pairIds(await environments(t, owner.token))).toEqual({ dev: [], qa: [], prod: [] });
  });

  it('two concurrent calls make one pair per environment, and both answer it', async () => {
    const answers = await Promise.all([t.gql(PROVISION, {}, { token: owner.token }), t.gql(PROVISION, {}, { token: owner.token })]);
    const [a, b] = answers.map((res) => ok(res).provisionSandboxPairs as Environments);
    expect(b).toEqual(a);
    const byEnvironment = await environments(t, owner.token);
    expect(byEnvironment.dev.map((p) => p.name)).toEqual(['Dev sandbox']);
    expect(byEnvironment.qa.map((p) => p.name)).toEqual(['QA sandbox']);
    expect(byEnvironment.prod).toEqual([]);
    const { payTraceConnections } = ok(await t.gql('{ payTraceConnections { nodes { id } } }', {}, { token: owner.token }));
    const { sageProConnections } = ok(await t.gql('{ sageProConnections { nodes { id } } }', {}, { token: owner.token }));
    expect([payTraceConnections.nodes.length, sageProConnections.nodes.length]).toEqual([2, 2]);
  });
});

describe('with the sandboxes off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SANDBOXES: 'off', SANDBOX_PAIRS_ON_SIGNUP: 'on' });
  });
  afterAll(() => t?.close());

  it('sign-up still works, makes no pairs, and provisionSandboxPairs is refused saying why', async () => {
    expect(t.config.SANDBOX_PAIRS_ON_SIGNUP).toBe('off');
    const owner = await signUp(t, 'Prod Pairs', 'owner@prod-pairs.test');
    expect(pairIds(await environments(t, owner.token))).toEqual({ dev: [], qa: [], prod: [] });
    const refused = await t.gql(PROVISION, {}, { token: owner.token });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.body.errors?.[0]?.message).toMatch(/SANDBOXES=off/);
    expect(pairIds(await environments(t, owner.token))).toEqual({ dev: [], qa: [], prod: [] });
  });
});
