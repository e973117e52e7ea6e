/**
 * Flow versions through GraphQL: drafts with optimistic revisions, immutable numbered versions
 * (refused by the database too), promotion dev → qa → prod, approval of prod by a second person,
 * rollback, diff, the audit trail, and another tenant seeing none of it.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../backend/src/auth/passwords.js';
import { defaultFlowDefinition } from '../../backend/src/flows/definition/default-flows.js';
import { PublishedFlows } from '../../backend/src/flows/api/published-flows.service.js';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'correct-horse-battery';
const FLOW = 'id kind name draft { revision definition problems { path stepId message } } deployments { environment versionId versionNumber }';
const VERSION = 'id flowId number comment authorId definition createdAt';
const DEPLOYMENT = 'flowId kind environment versionId versionNumber deployedBy';
const PROMOTION = 'id flowId versionId versionNumber environment status requestedBy decidedBy';

let t: TestApp;
let admin: pg.Client;
const owner = { token: '', userId: '', tenantId: '' };
let ann: { token: string; userId: string };
let viewer: { token: string };
let other: { token: string; tenantId: string };
let paymentFlow: { id: string };

const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code;
function ok<T = any>(res: GqlResponse<T>): T {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

async function signUp(companyName: string, email: string) {
  const res = ok(await t.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { user { id } tenant { id } } } }', { i: { companyName, email, password: PASSWORD } }));
  return { token: res.signUp.accessToken as string, userId: res.signUp.me.user.id as string, tenantId: res.signUp.me.tenant.id as string };
}

/** A second person in the tenant, added in the database and logged in. */
async function addMember(tenantId: string, email: string, role: string) {
  const user = await admin.query('INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id', [email, await hashPassword(PASSWORD)]);
  await admin.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)', [tenantId, user.rows[0].id, role]);
  const login = ok(await t.gql('mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }', { i: { email, password: PASSWORD } }));
  return { token: login.logIn.accessToken as string, userId: user.rows[0].id as string };
}

const flows = (token: string) => t.gql(`{ flows { ${FLOW} } }`, {}, { token });
const save = (token: string, flowId: string, definition: unknown, revision: number) =>
  t.gql(`mutation($f: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $f, definition: $d, revision: $r) { revision definition problems { path stepId message position } } }`, { f: flowId, d: definition, r: revision }, { token });
const publish = (token: string, flowId: string, revision: number, comment?: string) =>
  t.gql(`mutation($f: ID!, $r: Int!, $c: String) { publishFlowVersion(flowId: $f, revision: $r, comment: $c) { ${VERSION} } }`, { f: flowId, r: revision, c: comment }, { token });
const promote = (token: string, versionId: string, environment: string) =>
  t.gql(`mutation($v: ID!, $e: Environment!) { promoteFlowVersion(versionId: $v, environment: $e) { deployment { ${DEPLOYMENT} } promotion { ${PROMOTION} } } }`, { v: versionId, e: environment }, { token });
const rollback = (token: string, flowId: string, environment: string, versionId?: string) =>
  t.gql(`mutation($f: ID!, $e: Environment!, $v: ID) { rollbackFlow(flowId: $f, environment: $e, versionId: $v) { ${DEPLOYMENT} } }`, { f: flowId, e: environment, v: versionId }, { token });
const approve = (token: string, id: string) => t.gql(`mutation($p: ID!) { approveFlowPromotion(id: $p) { ${PROMOTION} } }`, { p: id }, { token });

async function draftRevision(flowId: string): Promise<number> {
  const { flow } = ok(await t.gql('query($f: ID!) { flow(id: $f) { draft { revision } } }', { f: flowId }, { token: owner.token }));
  return flow.draft.revision;
}

/** Saves `definition` on top of the current draft and publishes it. */
async function publishDefinition(definition: unknown, comment: string) {
  const saved = ok(await save(owner.token, paymentFlow.id, definition, await draftRevision(paymentFlow.id))).saveFlowDraft;
  expect(saved.problems).toEqual([]);
  return ok(await publish(owner.token, paymentFlow.id, saved.revision, comment)).publishFlowVersion as { id: string; number: number };
}

async function running(environment: string): Promise<number> {
  const { flow } = ok(await t.gql(`query($f: ID!) { flow(id: $f) { deployments { environment versionNumber } } }`, { f: paymentFlow.id }, { token: owner.token }));
  return flow.deployments.find((d: { environment: string }) => d.environment === environment).versionNumber;
}

/** The payment flow with a changed status for declined payments. */
function withDeclined(status: string) {
  const definition = defaultFlowDefinition('payment_sync');
  const transform = definition.steps.find((step) => step.type === 'transform')!;
  (transform.config as Record<string, unknown>).statusMap = { declined: status };
  return definition;
}

beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });
  admin = new pg.Client({ connectionString: t.db.adminUrl });
  await admin.connect();
  Object.assign(owner, await signUp('Acme Flows', 'owner@flows.test'));
  ann = await addMember(owner.tenantId, 'ann@flows.test', 'admin');
  viewer = await addMember(owner.tenantId, 'vic@flows.test', 'viewer');
  other = await signUp('Other Flows', 'owner@other-flows.test');
});
afterAll(async () => {
  await admin?.end();
  await t?.close();
});

describe('flows and drafts', () => {
  it('a tenant has one flow per kind, made on first read (by a viewer too), each with the default draft and nothing deployed', async () => {
    const [first, second] = await Promise.all([flows(viewer.token), flows(owner.token)]);
    const list = ok(first).flows;
    expect(ok(second).flows.map((f: { id: string }) => f.id).sort()).toEqual(list.map((f: { id: string }) => f.id).sort());
    expect(list.map((f: { kind: string }) => f.kind).sort()).toEqual(['order_to_cash', 'payment_sync']);
    for (const flow of list) {
      expect(flow.draft).toEqual({ revision: 1, definition: defaultFlowDefinition(flow.kind), problems: [] });
      expect(flow.deployments.map((d: { environment: string; versionNumber: number; versionId: string | null }) => [d.environment, d.versionNumber, d.versionId])).toEqual([
        ['dev', 0, null],
        ['qa', 0, null],
        ['prod', 0, null],
      ]);
    }
    const [count] = (await admin.query('SELECT count(*)::int AS n FROM flows WHERE tenant_id = $1', [owner.tenantId])).rows;
    expect(count.n).toBe(2);
    paymentFlow = list.find((f: { kind: string }) => f.kind === 'payment_sync');
  });

  it("commits the flows a read made at once: another request sees them while that read's transaction is still open", async () => {
    const late = await signUp('Late Flows', 'owner@late-flows.test');
    // The first request's second field waits on this lock, so its shared transaction stays open.
    const blocker = new pg.Client({ connectionString: t.db.adminUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE');
    const first = t.gql('{ flows { id } auditLog(first: 1) { nodes { id } } }', {}, { token: late.token });
    try {
      let made = 0;
      for (let tries = 0; tries < 100 && made < 2; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        made = (await admin.query('SELECT count(*)::int AS n FROM flows WHERE tenant_id = $1', [late.tenantId])).rows[0].n;
      }
      expect(made).toBe(2);
      expect(ok(await flows(late.token)).flows).toHaveLength(2);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect(ok(await first).flows).toHaveLength(2);
  });

  it('stores an incomplete draft and says what stops it; a save on an older revision is CONFLICT and changes nothing', async () => {
    const incomplete = { kind: 'payment_sync', steps: [{ id: 'trigger', type: 'trigger', config: { triggers: ['approved'] } }] };
    const saved = ok(await save(owner.token, paymentFlow.id, incomplete, 1)).saveFlowDraft;
    expect(saved.revision).toBe(2);
    expect(saved.definition).toEqual(incomplete);
    expect(saved.problems.map((p: { message: string }) => p.message)).toEqual(expect.arrayContaining([expect.stringContaining('needs a write step')]));

    const stale = await save(owner.token, paymentFlow.id, defaultFlowDefinition('payment_sync'), 1);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.body.errors![0].extensions).toMatchObject({ id: paymentFlow.id, field: 'revision' });
    expect(await draftRevision(paymentFlow.id)).toBe(2);

    const notAFlow = await save(owner.token, paymentFlow.id, { kind: 'order_to_cash', steps: [] }, 2);
    expect(notAFlow.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'definition.kind' });
    expect(codeOf(await save(viewer.token, paymentFlow.id, incomplete, 2))).toBe('FORBIDDEN');
  });

  it('two saves on the same revision at once: one is stored, the other is CONFLICT', async () => {
    const revision = await draftRevision(paymentFlow.id);
    const answers = await Promise.all([save(owner.token, paymentFlow.id, withDeclined('failed'), revision), save(ann.token, paymentFlow.id, withDeclined('voided'), revision)]);
    expect(answers.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    expect(await draftRevision(paymentFlow.id)).toBe(revision + 1);
  });
});

describe('versions', () => {
  let v1: { id: string; number: number };

  it('a draft that fails the checks is not published: BAD_USER_INPUT naming each path', async () => {
    const broken = withDeclined('failed');
    broken.steps.push({ id: 'write', type: 'write', config: {} }); // a second step called "write"
    const saved = ok(await save(owner.token, paymentFlow.id, broken, await draftRevision(paymentFlow.id))).saveFlowDraft;
    const refused = await publish(owner.token, paymentFlow.id, saved.revision, 'broken');
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    const problems = refused.body.errors![0].extensions!.problems as { path: string; stepId?: string }[];
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: `steps[${broken.steps.length - 1}].id`, stepId: 'write' })]));
    expect(refused.body.errors![0].message).toContain(`steps[${broken.steps.length - 1}].id`);
    expect((await admin.query('SELECT count(*)::int AS n FROM flow_versions')).rows[0].n).toBe(0);
  });

  it('publishing makes version 1 with its author and comment; a stale revision is CONFLICT', async () => {
    const saved = ok(await save(owner.token, paymentFlow.id, withDeclined('failed'), await draftRevision(paymentFlow.id))).saveFlowDraft;
    expect(codeOf(await publish(owner.token, paymentFlow.id, saved.revision - 1, 'old'))).toBe('CONFLICT');
    v1 = ok(await publish(owner.token, paymentFlow.id, saved.revision, 'declined → failed')).publishFlowVersion;
    expect(v1).toMatchObject({ flowId: paymentFlow.id, number: 1, comment: 'declined → failed', authorId: owner.userId, definition: withDeclined('failed') });
    expect(codeOf(await publish(viewer.token, paymentFlow.id, saved.revision, 'x'))).toBe('FORBIDDEN');
  });

  it('concurrent publishes get distinct numbers', async () => {
    const revision = await draftRevision(paymentFlow.id);
    const answers = await Promise.all([publish(owner.token, paymentFlow.id, revision, 'a'), publish(ann.token, paymentFlow.id, revision, 'b')]);
    const numbers = answers.filter((a) => !a.body.errors).map((a) => a.body.data.publishFlowVersion.number);
    expect(answers.every((a) => !a.body.errors || codeOf(a) === 'CONFLICT')).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    const rows = (await admin.query('SELECT number FROM flow_versions WHERE flow_id = $1 ORDER BY number', [paymentFlow.id])).rows.map((r) => r.number);
    expect(rows).toEqual([...new Set(rows)]);
  });

  it('a published version cannot change: GraphQL has no way, and the database refuses UPDATE and DELETE', async () => {
    const { __schema } = ok(await t.gql('{ __schema { mutationType { fields { name args { name } } } } }', {}, { token: owner.token }));
    const touchingVersions = __schema.mutationType.fields.filter((f: { name: string }) => /FlowVersion/.test(f.name)).map((f: { name: string }) => f.name);
    expect(touchingVersions.sort()).toEqual(['promoteFlowVersion', 'publishFlowVersion']);

    const app = new pg.Client({ connectionString: t.db.appUrl });
    await app.connect();
    try {
      for (const statement of ["UPDATE flow_versions SET comment = 'rewritten' WHERE id = $1", 'DELETE FROM flow_versions WHERE id = $1']) {
        await app.query('BEGIN');
        await app.query("SELECT set_config('app.tenant_id', $1, true)", [owner.tenantId]);
        const error = await app.query(statement, [v1.id]).then(() => null, (e: pg.DatabaseError) => e);
        await app.query('ROLLBACK');
        expect(error?.code, statement).toBe('42501');
      }
    } finally {
      await app.end();
    }
    // Not even the table's owner: the trigger refuses.
    const asOwner = await admin.query("UPDATE flow_versions SET comment = 'rewritten' WHERE id = $1", [v1.id]).then(() => null, (e: pg.DatabaseError) => e);
    expect(asOwner?.message).toContain('immutable');
    const deleted = await admin.query('DELETE FROM flow_versions WHERE id = $1', [v1.id]).then(() => null, (e: pg.DatabaseError) => e);
    expect(deleted?.message).toContain('immutable');
    const [row] = (await admin.query('SELECT comment FROM flow_versions WHERE id = $1', [v1.id])).rows;
    expect(row.comment).toBe('declined → failed');
  });
});

describe('promotion, approval and rollback', () => {
  let v1: { id: string; number: number };
  let v2: { id: string; number: number };

  beforeAll(async () => {
    v1 = await publishDefinition(withDeclined('failed'), 'first');
    v2 = await publishDefinition(withDeclined('voided'), 'second');
  });

  it('goes dev → qa → prod, never skipping a step', async () => {
    const toQa = await promote(owner.token, v1.id, 'qa');
    expect(toQa.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'environment' });
    expect(toQa.body.errors![0].message).toContain('deployed in dev');
    expect(codeOf(await promote(owner.token, v1.id, 'prod'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await promote(viewer.token, v1.id, 'dev'))).toBe('FORBIDDEN');

    const dev = ok(await promote(owner.token, v1.id, 'dev')).promoteFlowVersion;
    expect(dev).toEqual({ deployment: expect.objectContaining({ environment: 'dev', versionId: v1.id, versionNumber: v1.number, deployedBy: owner.userId }), promotion: null });
    expect(codeOf(await promote(owner.token, v1.id, 'prod'))).toBe('BAD_USER_INPUT');
    ok(await promote(owner.token, v1.id, 'qa'));
    ok(await promote(owner.token, v1.id, 'prod'));
    expect([await running('dev'), await running('qa'), await running('prod')]).toEqual([v1.number, v1.number, v1.number]);

    const { environments } = ok(await t.gql('{ environments { name integrations { id } deployments { kind versionNumber } } }', {}, { token: viewer.token }));
    expect(environments.map((e: { name: string }) => e.name)).toEqual(['dev', 'qa', 'prod']);
    const prodPayments = environments[2].deployments.find((d: { kind: string }) => d.kind === 'payment_sync');
    expect(prodPayments.versionNumber).toBe(v1.number);

    const deployed = await t.app.get(PublishedFlows).deployed(owner.tenantId, 'prod', 'payment_sync');
    expect(deployed).toEqual({ versionId: v1.id, number: v1.number, definition: withDeclined('failed') });
    expect(await t.app.get(PublishedFlows).deployed(owner.tenantId, 'prod', 'order_to_cash')).toBeNull();
  });

  it('a version that no longer passes the checks is not promoted', async () => {
    // As if the checks had become stricter after it was published: a version without a write step.
    const broken = defaultFlowDefinition('payment_sync');
    broken.steps = broken.steps.filter((step) => step.type !== 'write');
    const [row] = (
      await admin.query('INSERT INTO flow_versions (tenant_id, flow_id, number, definition) VALUES ($1, $2, 99, $3) RETURNING id', [owner.tenantId, paymentFlow.id, JSON.stringify(broken)])
    ).rows;
    const refused = await promote(owner.token, row.id, 'dev');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'versionId' });
    expect(refused.body.errors![0].message).toContain('write step');
    expect(await running('dev')).toBe(v1.number);
  });

  it('when the tenant asks, prod waits for another person: not the one who asked, and only once', async () => {
    ok(await t.gql('mutation { updateTenant(input: { prodPromotionNeedsApproval: true }) { prodPromotionNeedsApproval } }', {}, { token: owner.token }));
    ok(await promote(owner.token, v2.id, 'dev'));
    ok(await promote(owner.token, v2.id, 'qa'));
    const asked = ok(await promote(owner.token, v2.id, 'prod')).promoteFlowVersion;
    expect(asked.deployment).toBeNull();
    expect(asked.promotion).toMatchObject({ status: 'pending', versionId: v2.id, versionNumber: v2.number, environment: 'prod', requestedBy: owner.userId });
    expect(await running('prod')).toBe(v1.number);
    expect(codeOf(await promote(ann.token, v2.id, 'prod'))).toBe('CONFLICT'); // one request at a time

    const self = await approve(owner.token, asked.promotion.id);
    expect(codeOf(self)).toBe('FORBIDDEN');
    expect(self.body.errors![0].message).toContain('cannot approve');
    expect(codeOf(await approve(viewer.token, asked.promotion.id))).toBe('FORBIDDEN');
    expect(await running('prod')).toBe(v1.number);

    const both = await Promise.all([approve(ann.token, asked.promotion.id), approve(ann.token, asked.promotion.id)]);
    expect(both.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    const approved = both.find((a) => !a.body.errors)!.body.data.approveFlowPromotion;
    expect(approved).toMatchObject({ status: 'approved', decidedBy: ann.userId });
    expect(await running('prod')).toBe(v2.number);

    const { flowPromotions } = ok(await t.gql('{ flowPromotions(status: approved) { nodes { id status } } }', {}, { token: viewer.token }));
    expect(flowPromotions.nodes).toEqual([{ id: asked.promotion.id, status: 'approved' }]);
  });

  it('rolls back in one action: to the previous version, then to the built-in default, or to a named one', async () => {
    const back = ok(await rollback(owner.token, paymentFlow.id, 'prod')).rollbackFlow;
    expect(back).toMatchObject({ environment: 'prod', versionId: v1.id, versionNumber: v1.number });
    const toDefault = ok(await rollback(owner.token, paymentFlow.id, 'prod')).rollbackFlow;
    expect(toDefault).toMatchObject({ environment: 'prod', versionId: null, versionNumber: 0 });
    expect(await t.app.get(PublishedFlows).deployed(owner.tenantId, 'prod', 'payment_sync')).toBeNull();
    expect(codeOf(await rollback(owner.token, paymentFlow.id, 'prod'))).toBe('BAD_USER_INPUT');

    // dev runs v2 now; v1 ran there before, a never-deployed version did not.
    const named = ok(await rollback(owner.token, paymentFlow.id, 'dev', v1.id)).rollbackFlow;
    expect(named).toMatchObject({ versionId: v1.id });
    const unpublishedThere = await publishDefinition(withDeclined('refunded'), 'third');
    const refused = await rollback(owner.token, paymentFlow.id, 'dev', unpublishedThere.id);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'versionId' });
    expect(codeOf(await rollback(viewer.token, paymentFlow.id, 'dev'))).toBe('FORBIDDEN');

    const log = (await admin.query('SELECT environment, action, version_id FROM flow_deployment_log WHERE flow_id = $1 ORDER BY created_at, id', [paymentFlow.id])).rows;
    expect(log.filter((entry) => entry.action === 'rolled_back').map((entry) => [entry.environment, entry.version_id])).toEqual([
      ['prod', v1.id],
      ['prod', null],
      ['dev', v1.id],
    ]);
  });

  it('diffs two versions field by field, and a version against the draft', async () => {
    const { flowVersionDiff } = ok(
      await t.gql('query($a: ID!, $b: ID) { flowVersionDiff(fromVersionId: $a, toVersionId: $b) { path stepId change before after } }', { a: v1.id, b: v2.id }, { token: viewer.token }),
    );
    expect(flowVersionDiff).toEqual([{ path: 'transform.config.statusMap.declined', stepId: 'transform', change: 'changed', before: 'failed', after: 'voided' }]);
    const toDraft = ok(await t.gql('query($a: ID!) { flowVersionDiff(fromVersionId: $a) { path change after } }', { a: v1.id }, { token: viewer.token }));
    expect(toDraft.flowVersionDiff).toEqual([{ path: 'transform.config.statusMap.declined', change: 'changed', after: 'refunded' }]);
  });

  it('writes an audit entry for every change', async () => {
    const rows = (await admin.query("SELECT action, count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action LIKE 'flow.%' GROUP BY action", [owner.tenantId])).rows;
    const counts = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    expect(counts).toMatchObject({
      'flow.draft_saved': expect.any(Number),
      'flow.version_published': expect.any(Number),
      'flow.promoted': 5,
      'flow.promotion_requested': 1,
      'flow.promotion_approved': 1,
      'flow.rolled_back': 3,
    });
    const [approval] = (await admin.query("SELECT actor_user_id, details FROM audit_log WHERE action = 'flow.promotion_approved' AND tenant_id = $1", [owner.tenantId])).rows;
    expect(approval.actor_user_id).toBe(ann.userId);
    expect(approval.details).toMatchObject({ environment: 'prod', versionNumber: v2.number, previousVersionNumber: v1.number });
  });

  it('the one who asked may withdraw a request; a decided request cannot be approved', async () => {
    const asked = ok(await promote(owner.token, v2.id, 'prod')).promoteFlowVersion.promotion;
    const rejected = ok(await t.gql(`mutation($p: ID!) { rejectFlowPromotion(id: $p) { ${PROMOTION} } }`, { p: asked.id }, { token: owner.token })).rejectFlowPromotion;
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: owner.userId });
    expect(codeOf(await approve(ann.token, asked.id))).toBe('CONFLICT');
    expect(await running('prod')).toBe(0);
    const [entry] = (await admin.query("SELECT target_id FROM audit_log WHERE tenant_id = $1 AND action = 'flow.promotion_rejected'", [owner.tenantId])).rows;
    expect(entry.target_id).toBe(asked.id);
  });
});

describe('another tenant', () => {
  it("neither reads nor publishes nor promotes another tenant's flow", async () => {
    const [version] = (await admin.query('SELECT id FROM flow_versions WHERE flow_id = $1 ORDER BY number LIMIT 1', [paymentFlow.id])).rows;
    const revision = await draftRevision(paymentFlow.id);
    const attempts = [
      t.gql('query($f: ID!) { flow(id: $f) { id } }', { f: paymentFlow.id }, { token: other.token }),
      t.gql('query($v: ID!) { flowVersion(id: $v) { id } }', { v: version.id }, { token: other.token }),
      save(other.token, paymentFlow.id, withDeclined('failed'), revision),
      publish(other.token, paymentFlow.id, revision, 'stolen'),
      promote(other.token, version.id, 'dev'),
      rollback(other.token, paymentFlow.id, 'dev'),
    ];
    for (const res of await Promise.all(attempts)) expect(codeOf(res)).toBe('NOT_FOUND');
    const theirs = ok(await flows(other.token)).flows.map((f: { id: string }) => f.id);
    expect(theirs).not.toContain(paymentFlow.id);
    expect(await draftRevision(paymentFlow.id)).toBe(revision);
  });
});
