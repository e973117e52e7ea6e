/**
 * Environments and the company charts: each integration pair belongs to dev, qa or prod; a version's
 * GL accounts are checked against the chart of the Sage Pro company of the environment it goes to,
 * when it is published and again when it is promoted. Also: discarding a draft.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFlowDefinition } from '../../backend/src/flows/definition/default-flows.js';
import { sageProSandboxDatabase } from '../../backend/src/sandbox/sandbox.service.js';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let admin: pg.Client;
let token: string;
let tenantId: string;
let flowId: string;
let account: string;

const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code;
function ok<T = any>(res: GqlResponse<T>): T {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}
const gql = (query: string, variables: Record<string, unknown> = {}) => t.gql(query, variables, { token });

/** The payment flow with one GL rule: card brand VISA posts to `glAccount`. */
function withGlRule(glAccount: string) {
  const definition = defaultFlowDefinition('payment_sync');
  const transform = definition.steps.find((step) => step.type === 'transform')!;
  (transform.config as Record<string, unknown>).glRules = [{ id: 'visa', when: { cardBrands: ['VISA'] }, account: glAccount }];
  return { definition, index: definition.steps.indexOf(transform) };
}

async function revision(): Promise<number> {
  return ok(await gql('query($f: ID!) { flow(id: $f) { draft { revision } } }', { f: flowId })).flow.draft.revision;
}

async function saveAndPublish(definition: unknown) {
  const saved = ok(await gql('mutation($f: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $f, definition: $d, revision: $r) { revision } }', { f: flowId, d: definition, r: await revision() }));
  return gql('mutation($f: ID!, $r: Int!) { publishFlowVersion(flowId: $f, revision: $r, comment: "GL rule") { id number } }', { f: flowId, r: saved.saveFlowDraft.revision });
}

async function pair(name: string, companyId: string, environment?: string) {
  const connection = ok(await gql('mutation($c: String!) { createSageProConnection(input: { edition: sandbox, companyId: $c }) { id } }', { c: companyId })).createSageProConnection;
  const input = { name, sageProConnectionId: connection.id, ...(environment ? { environment } : {}) };
  return { connectionId: connection.id as string, integration: ok(await gql('mutation($i: CreateIntegrationInput!) { createIntegration(input: $i) { id environment } }', { i: input })).createIntegration };
}

beforeAll(async () => {
  t = await startTestApp();
  admin = new pg.Client({ connectionString: t.db.adminUrl });
  await admin.connect();
  const res = ok(await t.gql('mutation { signUp(input: { companyName: "Env Co", email: "owner@env.test", password: "correct-horse-battery" }) { accessToken me { tenant { id } } } }'));
  token = res.signUp.accessToken;
  tenantId = res.signUp.me.tenant.id;
  flowId = ok(await gql('{ flows { id kind } }')).flows.find((f: { kind: string }) => f.kind === 'payment_sync').id;
});
afterAll(async () => {
  await admin?.end();
  await t?.close();
});

describe('environments', () => {
  it('an integration pair belongs to one environment (prod unless told), and the environments list them', async () => {
    const dev = await pair('Dev pair', '01', 'dev');
    const qa = await pair('QA pair', '99', 'qa');
    const prod = await pair('Prod pair', '01');
    expect([dev.integration.environment, qa.integration.environment, prod.integration.environment]).toEqual(['dev', 'qa', 'prod']);
    const { environments } = ok(await gql('{ environments { name integrations { id name } deployments { kind versionNumber } } }'));
    expect(environments.map((e: { name: string; integrations: { name: string }[] }) => [e.name, e.integrations.map((i) => i.name)])).toEqual([
      ['dev', ['Dev pair']],
      ['qa', ['QA pair']],
      ['prod', ['Prod pair']],
    ]);
    expect(environments[0].deployments).toEqual([
      { kind: 'payment_sync', versionNumber: 0 },
      { kind: 'order_to_cash', versionNumber: 0 },
    ]);
    const moved = ok(await gql('mutation($i: ID!) { updateIntegration(id: $i, input: { environment: qa }) { environment } }', { i: prod.integration.id }));
    expect(moved.updateIntegration.environment).toBe('qa');
    ok(await gql('mutation($i: ID!) { updateIntegration(id: $i, input: { environment: prod }) { environment } }', { i: prod.integration.id }));
    const [entry] = (await admin.query("SELECT details FROM audit_log WHERE tenant_id = $1 AND action = 'integration.updated' ORDER BY created_at LIMIT 1", [tenantId])).rows;
    expect(entry.details).toEqual({ changes: { environment: 'qa' } });

    const charts = await Promise.all(
      [dev.connectionId, qa.connectionId].map(async (id) => ok(await gql('query($c: ID!) { sageProChartOfAccounts(connectionId: $c) { account } }', { c: id })).sageProChartOfAccounts.map((a: { account: string }) => a.account)),
    );
    account = charts[0].find((a: string) => charts[1].includes(a));
    expect(account).toBeDefined();
  });

  it("publishing checks GL accounts against the chart of the first environment's company, naming the rule", async () => {
    const { definition, index } = withGlRule('NOPE-9999');
    const refused = await saveAndPublish(definition);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.body.errors![0].extensions!.problems).toEqual([expect.objectContaining({ path: `steps[${index}].config.glRules[0].account`, stepId: 'transform' })]);
    expect(refused.body.errors![0].message).toContain('NOPE-9999');
    expect((await admin.query('SELECT count(*)::int AS n FROM flow_versions WHERE tenant_id = $1', [tenantId])).rows[0].n).toBe(0);
  });

  it("a version whose account the target environment's company no longer has is not promoted there", async () => {
    const { definition, index } = withGlRule(account);
    const version = ok(await saveAndPublish(definition)).publishFlowVersion;
    expect(version.number).toBe(1);
    // The QA company's chart loses the account after the version was published.
    const companies = new URL(t.db.adminUrl);
    companies.pathname = `/${sageProSandboxDatabase(t.config.SAGEPRO_SANDBOX_DATABASE, tenantId)}`;
    const sagePro = new pg.Client({ connectionString: companies.toString() });
    await sagePro.connect();
    try {
      expect((await sagePro.query('DELETE FROM pro99.glacnt WHERE trim(glacnt) = $1', [account])).rowCount).toBeGreaterThan(0);
    } finally {
      await sagePro.end();
    }
    const promote = (environment: string) =>
      gql('mutation($v: ID!, $e: Environment!) { promoteFlowVersion(versionId: $v, environment: $e) { deployment { versionNumber } } }', { v: version.id, e: environment });
    expect(ok(await promote('dev')).promoteFlowVersion.deployment.versionNumber).toBe(1);
    const refused = await promote('qa');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'versionId' });
    expect(refused.body.errors![0].message).toContain(`steps[${index}].config.glRules[0].account`);
    const { flow } = ok(await gql('query($f: ID!) { flow(id: $f) { deployments { environment versionNumber } } }', { f: flowId }));
    expect(flow.deployments).toEqual([
      { environment: 'dev', versionNumber: 1 },
      { environment: 'qa', versionNumber: 0 },
      { environment: 'prod', versionNumber: 0 },
    ]);
  });
});

describe('discarding a draft', () => {
  it('resets it to the latest published version, at a new revision; an older revision is CONFLICT', async () => {
    const before = await revision();
    const edited = withGlRule('SOMETHING-ELSE').definition;
    ok(await gql('mutation($f: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $f, definition: $d, revision: $r) { revision } }', { f: flowId, d: edited, r: before }));
    expect(codeOf(await gql('mutation($f: ID!, $r: Int) { discardFlowDraft(flowId: $f, revision: $r) { revision } }', { f: flowId, r: before }))).toBe('CONFLICT');
    const discarded = ok(await gql('mutation($f: ID!, $r: Int) { discardFlowDraft(flowId: $f, revision: $r) { revision definition problems { path } } }', { f: flowId, r: before + 1 })).discardFlowDraft;
    expect(discarded).toEqual({ revision: before + 2, definition: withGlRule(account).definition, problems: [] });
    const [entry] = (await admin.query("SELECT details FROM audit_log WHERE tenant_id = $1 AND action = 'flow.draft_discarded'", [tenantId])).rows;
    expect(entry.details).toMatchObject({ resetTo: 1, revision: before + 2 });
  });

  it('the tenant setting for prod approval is off unless turned on', async () => {
    expect(ok(await gql('{ tenant { prodPromotionNeedsApproval } }')).tenant.prodPromotionNeedsApproval).toBe(false);
  });
});
