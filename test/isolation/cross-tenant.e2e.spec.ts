/**
 * Tenant isolation through the GraphQL entry point: for every operation in the schema, tenant A's
 * owner token and admin API key, aimed at tenant B's ids (real ones, as if guessed), neither read nor
 * change anything of B; and a viewer (or a read-only key) cannot run anything above its role.
 * A new operation without a row here fails the coverage test, so isolation is decided, not forgotten.
 */
import { GraphQLSchemaHost } from '@nestjs/graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../backend/src/auth/passwords.js';
import type { Role } from '../../backend/src/auth/roles.js';
import { startTestApp, type TestApp } from '../support/app.js';

interface TenantB {
  tenantId: string;
  reportId: string;
  name: string;
  ownerEmail: string;
  memberId: string;
  memberEmail: string;
  apiKeyId: string;
  apiKeyPrefix: string;
  invitationEmail: string;
  partnerId: string;
  connectionId: string;
  payTraceUsername: string;
  sageProConnectionId: string;
  integrationId: string;
  webhookEndpointId: string;
  alertChannelId: string;
  eventId: string;
  deadLetterId: string;
  reviewId: string;
  flowId: string;
  flowVersionId: string;
  flowPromotionId: string;
}

interface Operation {
  document: string;
  variables?: (b: TenantB) => Record<string, unknown>;
  /** The weakest role allowed to run it in its own tenant; undefined for public or any-signed-in. */
  minRole?: Role;
}

const PASSWORD = 'correct-horse-battery';

/** Every Query and Mutation field. Variables aim at tenant B. */
const OPERATIONS: Record<string, Operation> = {
  me: { document: '{ me { user { id email } tenant { id name } tenants { tenant { id name } } } }' },
  tenant: { document: '{ tenant { id name } }', minRole: 'viewer' },
  members: { document: '{ members(first: 100) { nodes { id role user { id email } } } }', minRole: 'viewer' },
  invitations: { document: '{ invitations(first: 100) { nodes { id email } } }', minRole: 'admin' },
  apiKeys: { document: '{ apiKeys(first: 100) { nodes { id prefix } } }', minRole: 'admin' },
  auditLog: { document: '{ auditLog(first: 100) { nodes { id action actorEmail targetId details } } }', minRole: 'admin' },
  partnerTenants: { document: '{ partnerTenants { nodes { tenant { id name } } } }' },
  partnerGrants: { document: '{ partnerGrants { partner { id name } } }', minRole: 'admin' },
  signUp: {
    document: 'mutation($e: String!) { signUp(input: { companyName: "Intruder", email: $e, password: "long-enough-pw" }) { me { tenant { id } } } }',
    variables: (b) => ({ e: b.ownerEmail }),
  },
  signUpPartner: {
    document: 'mutation($e: String!) { signUpPartner(input: { partnerName: "Intruder", email: $e, password: "long-enough-pw" }) { me { user { id } } } }',
    variables: (b) => ({ e: b.memberEmail }),
  },
  logIn: {
    document: 'mutation($e: String!) { logIn(input: { email: $e, password: "guessed-password" }) { accessToken } }',
    variables: (b) => ({ e: b.ownerEmail }),
  },
  refresh: { document: 'mutation { refresh { me { tenant { id } } } }' },
  logOut: { document: 'mutation { logOut }' },
  switchTenant: {
    document: 'mutation($t: ID!) { switchTenant(tenantId: $t) { me { tenant { id name } } } }',
    variables: (b) => ({ t: b.tenantId }),
  },
  updateTenant: { document: 'mutation { updateTenant(input: { name: "Renamed" }) { id name } }', minRole: 'admin' },
  changeRole: {
    document: 'mutation($m: ID!) { changeRole(membershipId: $m, role: owner) { id role } }',
    variables: (b) => ({ m: b.memberId }),
    minRole: 'admin',
  },
  removeMember: { document: 'mutation($m: ID!) { removeMember(membershipId: $m) }', variables: (b) => ({ m: b.memberId }), minRole: 'admin' },
  invite: {
    // Inviting B's people into A is A's own business; what must not happen is touching B's invitations.
    document: 'mutation { invite(input: { email: "newcomer@alpha.test", role: viewer }) { id email } }',
    minRole: 'admin',
  },
  acceptInvitation: {
    document: 'mutation($t: String!) { acceptInvitation(input: { token: $t, password: "long-enough-pw" }) { me { tenant { id } } } }',
    variables: (b) => ({ t: `guess-${b.tenantId}` }),
  },
  createApiKey: { document: 'mutation { createApiKey(input: { name: "x", scopes: [admin] }) { secret } }', minRole: 'admin' },
  revokeApiKey: {
    document: 'mutation($k: ID!) { revokeApiKey(id: $k) { id revokedAt } }',
    variables: (b) => ({ k: b.apiKeyId }),
    minRole: 'admin',
  },
  grantPartnerAccess: {
    document: 'mutation($p: ID!) { grantPartnerAccess(partnerId: $p, role: viewer) { partner { id } } }',
    variables: (b) => ({ p: b.partnerId }),
    minRole: 'admin',
  },
  payTraceConnections: { document: '{ payTraceConnections { nodes { id username notificationUrl } } }', minRole: 'viewer' },
  payTraceConnection: {
    document: 'query($c: ID!) { payTraceConnection(id: $c) { id username } }',
    variables: (b) => ({ c: b.connectionId }),
    minRole: 'viewer',
  },
  createPayTraceConnection: {
    document: 'mutation { createPayTraceConnection(input: { environment: sandbox }) { id username } }',
    minRole: 'admin',
  },
  updatePayTraceConnection: {
    document: 'mutation($c: ID!) { updatePayTraceConnection(id: $c, input: { name: "Hijacked" }) { id } }',
    variables: (b) => ({ c: b.connectionId }),
    minRole: 'admin',
  },
  deletePayTraceConnection: {
    document: 'mutation($c: ID!) { deletePayTraceConnection(id: $c) }',
    variables: (b) => ({ c: b.connectionId }),
    minRole: 'admin',
  },
  rotatePayTraceNotificationUrl: {
    document: 'mutation($c: ID!) { rotatePayTraceNotificationUrl(id: $c) { notificationUrl } }',
    variables: (b) => ({ c: b.connectionId }),
    minRole: 'admin',
  },
  testPayTraceConnection: {
    document: 'mutation($c: ID!) { testPayTraceConnection(id: $c) { status message } }',
    variables: (b) => ({ c: b.connectionId }),
    minRole: 'operator',
  },
  pollPayTraceConnection: { document: 'mutation($c: ID!) { pollPayTraceConnection(id: $c) }', variables: (b) => ({ c: b.connectionId }), minRole: 'operator' },
  backfillPayTraceConnection: {
    document: 'mutation($c: ID!) { backfillPayTraceConnection(id: $c, from: "2026-01-01T00:00:00Z", to: "2026-01-31T00:00:00Z") }',
    variables: (b) => ({ c: b.connectionId }),
    minRole: 'admin',
  },
  chargePayTraceCustomer: {
    document: 'mutation($c: ID!) { chargePayTraceCustomer(connectionId: $c, input: { customerId: "x", amountMinor: 100 }) { status transactionId } }',
    variables: (b) => ({ c: b.connectionId }),
    minRole: 'operator',
  },
  sageProConnections: { document: '{ sageProConnections { nodes { id name } } }', minRole: 'viewer' },
  sageProConnection: { document: 'query($c: ID!) { sageProConnection(id: $c) { id } }', variables: (b) => ({ c: b.sageProConnectionId }), minRole: 'viewer' },
  sageProChartOfAccounts: {
    document: 'query($c: ID!) { sageProChartOfAccounts(connectionId: $c) { account description } }',
    variables: (b) => ({ c: b.sageProConnectionId }),
    minRole: 'viewer',
  },
  createSageProConnection: { document: 'mutation { createSageProConnection(input: { edition: sandbox }) { id } }', minRole: 'admin' },
  updateSageProConnection: {
    document: 'mutation($c: ID!) { updateSageProConnection(id: $c, input: { name: "Hijacked" }) { id } }',
    variables: (b) => ({ c: b.sageProConnectionId }),
    minRole: 'admin',
  },
  updateSageProPosting: {
    document: 'mutation($c: ID!) { updateSageProPosting(id: $c, input: { glCash: "9999" }) { id } }',
    variables: (b) => ({ c: b.sageProConnectionId }),
    minRole: 'admin',
  },
  deleteSageProConnection: { document: 'mutation($c: ID!) { deleteSageProConnection(id: $c) }', variables: (b) => ({ c: b.sageProConnectionId }), minRole: 'admin' },
  testSageProConnection: {
    document: 'mutation($c: ID!) { testSageProConnection(id: $c) { status } }',
    variables: (b) => ({ c: b.sageProConnectionId }),
    minRole: 'operator',
  },
  sageProSandboxView: {
    document: 'query($c: ID!) { sageProSandboxView(connectionId: $c, view: customers, limit: 1) { columns } }',
    variables: (b) => ({ c: b.sageProConnectionId }),
    minRole: 'viewer',
  },
  transactionChanges: {
    document: 'query($c: ID) { transactionChanges(connectionId: $c) { nodes { id connectionId transactionId } } }',
    variables: (b) => ({ c: b.connectionId }),
    minRole: 'viewer',
  },
  revokePartnerAccess: {
    document: 'mutation($p: ID!) { revokePartnerAccess(partnerId: $p) }',
    variables: (b) => ({ p: b.partnerId }),
    minRole: 'admin',
  },
};

// Exchange rates: A's rates are A's; B's rate (EUR→USD on 2026-12-04) is never read, changed or deleted.
Object.assign(OPERATIONS, {
  exchangeRates: { document: '{ exchangeRates(first: 100) { nodes { base quote date rate importedBy } } }', minRole: 'viewer' },
  exchangeRateFor: { document: '{ exchangeRateFor(from: "EUR", to: "USD", date: "2026-12-04") { found rate legs { rate } } }', minRole: 'viewer' },
  setExchangeRate: { document: 'mutation { setExchangeRate(input: { base: "EUR", quote: "USD", date: "2026-12-04", rate: "1.1" }) { rate } }', minRole: 'admin' },
  deleteExchangeRate: { document: 'mutation { deleteExchangeRate(input: { base: "EUR", quote: "GBP", date: "2026-12-04" }) }', minRole: 'admin' },
  importExchangeRates: { document: 'mutation { importExchangeRates(csv: "Date,USD,GBP\\n2026-12-04,1.2,0.8\\n") { inserted updated } }', minRole: 'admin' },
} satisfies Record<string, Operation>);

Object.assign(OPERATIONS, {
  integrations: { document: '{ integrations { nodes { id name } } }', minRole: 'viewer' },
  integration: { document: 'query($i: ID!) { integration(id: $i) { id name } }', variables: (b: TenantB) => ({ i: b.integrationId }), minRole: 'viewer' },
  integrationEvents: { document: 'query($i: ID!) { integrationEvents(id: $i) { waiting held } }', variables: (b: TenantB) => ({ i: b.integrationId }), minRole: 'viewer' },
  createIntegration: {
    document: 'mutation($s: ID!) { createIntegration(input: { name: "Stolen", sageProConnectionId: $s }) { id } }',
    variables: (b: TenantB) => ({ s: b.sageProConnectionId }),
    minRole: 'admin',
  },
  updateIntegration: {
    document: 'mutation($i: ID!) { updateIntegration(id: $i, input: { name: "Hijacked" }) { id } }',
    variables: (b: TenantB) => ({ i: b.integrationId }),
    minRole: 'admin',
  },
  deleteIntegration: { document: 'mutation($i: ID!) { deleteIntegration(id: $i) }', variables: (b: TenantB) => ({ i: b.integrationId }), minRole: 'admin' },
  webhookEndpoints: { document: '{ webhookEndpoints { nodes { id url } } }', minRole: 'viewer' },
  createWebhookEndpoint: {
    document: 'mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: settle_events, name: "x" }) { secret } }',
    variables: (b: TenantB) => ({ i: b.integrationId }),
    minRole: 'admin',
  },
  rotateWebhookEndpointSecret: {
    document: 'mutation($w: ID!) { rotateWebhookEndpointSecret(id: $w) { secret } }',
    variables: (b: TenantB) => ({ w: b.webhookEndpointId }),
    minRole: 'admin',
  },
  deleteWebhookEndpoint: { document: 'mutation($w: ID!) { deleteWebhookEndpoint(id: $w) }', variables: (b: TenantB) => ({ w: b.webhookEndpointId }), minRole: 'admin' },
  alertChannels: { document: '{ alertChannels { id target } }', minRole: 'viewer' },
  createAlertChannel: { document: 'mutation { createAlertChannel(input: { kind: email, name: "x", target: "x@alpha.test" }) { secret } }', minRole: 'admin' },
  deleteAlertChannel: { document: 'mutation($c: ID!) { deleteAlertChannel(id: $c) }', variables: (b: TenantB) => ({ c: b.alertChannelId }), minRole: 'admin' },
  alertRules: { document: '{ alertRules { id kind } }', minRole: 'viewer' },
  upsertAlertRule: { document: 'mutation { upsertAlertRule(input: { kind: dead_letter, enabled: true }) { id } }', minRole: 'admin' },
  deleteAlertRule: { document: 'mutation { deleteAlertRule(kind: chargeback) }', minRole: 'admin' },
  alerts: { document: '{ alerts { nodes { id summary } } }', minRole: 'viewer' },
  syncEvents: { document: '{ syncEvents { nodes { id documentNumber payload } } }', minRole: 'viewer' },
  syncEvent: { document: 'query($e: ID!) { syncEvent(id: $e) { id payload timeline { step } } }', variables: (b: TenantB) => ({ e: b.eventId }), minRole: 'viewer' },
  deadLetters: { document: '{ deadLetters(open: false) { nodes { id reason event { id } } } }', minRole: 'viewer' },
  replayDeadLetters: { document: 'mutation($d: [ID!]) { replayDeadLetters(input: { ids: $d }) { replayed } }', variables: (b: TenantB) => ({ d: [b.deadLetterId] }), minRole: 'operator' },
  manualReviews: { document: '{ manualReviews(open: false) { nodes { id detail event { id } } } }', minRole: 'viewer' },
  resolveManualReview: {
    document: 'mutation($r: ID!) { resolveManualReview(id: $r, input: { action: dismiss }) { id } }',
    variables: (b: TenantB) => ({ r: b.reviewId }),
    minRole: 'operator',
  },
} satisfies Record<string, Operation>);

Object.assign(OPERATIONS, {
  environments: { document: '{ environments { name integrations { id } deployments { flowId versionId } } }', minRole: 'viewer' },
  flows: { document: '{ flows { id draft { definition } deployments { versionId } } }', minRole: 'viewer' },
  flow: { document: 'query($f: ID!) { flow(id: $f) { id draft { revision } } }', variables: (b: TenantB) => ({ f: b.flowId }), minRole: 'viewer' },
  flowVersions: { document: 'query($f: ID!) { flowVersions(flowId: $f) { nodes { id comment } } }', variables: (b: TenantB) => ({ f: b.flowId }), minRole: 'viewer' },
  flowVersion: { document: 'query($v: ID!) { flowVersion(id: $v) { id definition } }', variables: (b: TenantB) => ({ v: b.flowVersionId }), minRole: 'viewer' },
  flowVersionDiff: { document: 'query($v: ID!) { flowVersionDiff(fromVersionId: $v) { path } }', variables: (b: TenantB) => ({ v: b.flowVersionId }), minRole: 'viewer' },
  flowPromotions: { document: '{ flowPromotions { nodes { id versionId } } }', minRole: 'viewer' },
  saveFlowDraft: {
    document: 'mutation($f: ID!) { saveFlowDraft(flowId: $f, definition: { kind: "payment_sync", steps: [] }, revision: 1) { revision } }',
    variables: (b: TenantB) => ({ f: b.flowId }),
    minRole: 'admin',
  },
  discardFlowDraft: { document: 'mutation($f: ID!) { discardFlowDraft(flowId: $f) { revision } }', variables: (b: TenantB) => ({ f: b.flowId }), minRole: 'admin' },
  publishFlowVersion: { document: 'mutation($f: ID!) { publishFlowVersion(flowId: $f, revision: 1) { id } }', variables: (b: TenantB) => ({ f: b.flowId }), minRole: 'admin' },
  promoteFlowVersion: {
    document: 'mutation($v: ID!) { promoteFlowVersion(versionId: $v, environment: qa) { deployment { versionId } promotion { id } } }',
    variables: (b: TenantB) => ({ v: b.flowVersionId }),
    minRole: 'admin',
  },
  approveFlowPromotion: { document: 'mutation($p: ID!) { approveFlowPromotion(id: $p) { id } }', variables: (b: TenantB) => ({ p: b.flowPromotionId }), minRole: 'admin' },
  rejectFlowPromotion: { document: 'mutation($p: ID!) { rejectFlowPromotion(id: $p) { id } }', variables: (b: TenantB) => ({ p: b.flowPromotionId }), minRole: 'admin' },
  rollbackFlow: { document: 'mutation($f: ID!) { rollbackFlow(flowId: $f, environment: dev) { versionId } }', variables: (b: TenantB) => ({ f: b.flowId }), minRole: 'admin' },
  previewFlow: { document: 'query($f: ID!) { previewFlow(flowId: $f, sample: { example: true }) { summary rows { values } } }', variables: (b: TenantB) => ({ f: b.flowId }), minRole: 'viewer' },
  // The caller's own tenant gets the pairs; B's stays as it is.
  provisionSandboxPairs: { document: 'mutation { provisionSandboxPairs { name integrations { id } } }', minRole: 'admin' },
  // The caller's own dev pair (A has none: refused); B's events stay as they are.
  testRunFlow: { document: 'mutation { testRunFlow(environment: dev, sample: { example: true }) }', minRole: 'operator' },
} satisfies Record<string, Operation>);

// The field mapper (#14): B's flow is NOT_FOUND to A; the targets are the catalogue, no tenant's data.
Object.assign(OPERATIONS, {
  mappingSampleEvents: { document: 'query($f: ID!) { mappingSampleEvents(flowId: $f) { id type } }', variables: (b: TenantB) => ({ f: b.flowId }), minRole: 'viewer' },
  mappingSources: { document: 'query($f: ID!) { mappingSources(flowId: $f, sample: { example: true }) { format leaves { path samples } } }', variables: (b: TenantB) => ({ f: b.flowId }), minRole: 'viewer' },
  mappingTargets: { document: '{ mappingTargets(record: cash_receipt) { fields { name } } }', minRole: 'viewer' },
  mappingSuggestions: {
    document: 'query($f: ID!) { mappingSuggestions(flowId: $f, record: cash_receipt, sample: { example: true }) { fields { field candidates { path reason } } } }',
    variables: (b: TenantB) => ({ f: b.flowId }),
    minRole: 'viewer',
  },
  recordMappingDecision: {
    document:
      'mutation($f: ID!) { recordMappingDecision(input: { flowId: $f, record: cash_receipt, field: "dtepaid", path: "occurredAt", decision: ACCEPTED, format: "settle-payment-event" }) { counted } }',
    variables: (b: TenantB) => ({ f: b.flowId }),
    minRole: 'admin',
  },
  evaluateMappingRule: {
    document: 'query($f: ID!) { evaluateMappingRule(flowId: $f, record: cash_receipt, field: "dtepaid", rule: { kind: "path", path: "occurredAt" }, sample: { example: true }) { value } }',
    variables: (b: TenantB) => ({ f: b.flowId }),
    minRole: 'viewer',
  },
} satisfies Record<string, Operation>);

// Reconciliation (#15): B's reports, items and pairs are NOT_FOUND to A.
Object.assign(OPERATIONS, {
  reconciliationReports: { document: '{ reconciliationReports { nodes { id from to unexplained } } }', minRole: 'viewer' },
  reconciliationReport: { document: 'query($r: ID!) { reconciliationReport(id: $r) { id totals { category } } }', variables: (b: TenantB) => ({ r: b.reportId }), minRole: 'viewer' },
  reconciliationItems: { document: 'query($r: ID!) { reconciliationItems(reportId: $r) { nodes { sentence transactionId } } }', variables: (b: TenantB) => ({ r: b.reportId }), minRole: 'viewer' },
  runReconciliation: {
    document: 'mutation($i: ID!) { runReconciliation(input: { integrationId: $i, from: "2026-11-01", to: "2026-11-30" }) { id } }',
    variables: (b: TenantB) => ({ i: b.integrationId }),
    minRole: 'admin',
  },
} satisfies Record<string, Operation>);

/** Tenant tables and what identifies B's rows in each. */
const B_ROWS: Record<string, string> = {
  tenants: 'id = $1',
  memberships: 'tenant_id = $1',
  invitations: 'tenant_id = $1',
  api_keys: 'tenant_id = $1',
  partner_grants: 'tenant_id = $1',
  // A failed login against B's owner is B's own security record, so it is expected to appear.
  audit_log: "tenant_id = $1 AND action <> 'user.login_failed'",
  tenant_data_keys: 'tenant_id = $1',
  paytrace_connections: 'tenant_id = $1',
  paytrace_transactions: 'tenant_id = $1',
  transaction_changes: 'tenant_id = $1',
  exchange_rates: 'tenant_id = $1',
  sagepro_connections: 'tenant_id = $1',
  integrations: 'tenant_id = $1',
  webhook_endpoints: 'tenant_id = $1',
  inbox_events: 'tenant_id = $1',
  event_steps: 'tenant_id = $1',
  sync_effects: 'tenant_id = $1',
  dead_letters: 'tenant_id = $1',
  manual_reviews: 'tenant_id = $1',
  disputes: 'tenant_id = $1',
  alert_channels: 'tenant_id = $1',
  alert_rules: 'tenant_id = $1',
  alerts: 'tenant_id = $1',
  flows: 'tenant_id = $1',
  flow_drafts: 'tenant_id = $1',
  flow_versions: 'tenant_id = $1',
  flow_deployments: 'tenant_id = $1',
  flow_deployment_log: 'tenant_id = $1',
  flow_promotions: 'tenant_id = $1',
  mapping_decisions: 'tenant_id = $1',
  reconciliation_reports: 'tenant_id = $1',
  reconciliation_items: 'tenant_id = $1',
};

let t: TestApp;
let admin: pg.Client;
let b: TenantB;
const a: { ownerToken: string; adminKey: string; viewerToken: string; readKey: string } = {} as never;

async function signUp(companyName: string, email: string) {
  const res = await t.gql(
    'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }',
    { i: { companyName, email, password: PASSWORD } },
  );
  expect(res.body.errors).toBeUndefined();
  return { token: res.body.data.signUp.accessToken as string, tenantId: res.body.data.signUp.me.tenant.id as string };
}

async function createKey(token: string, scopes: string[]) {
  const res = await t.gql('mutation($s: [ApiKeyScope!]!) { createApiKey(input: { name: "k", scopes: $s }) { secret apiKey { id prefix } } }', { s: scopes }, { token });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.createApiKey as { secret: string; apiKey: { id: string; prefix: string } };
}

/** Adds a person to a tenant directly in the database and logs them in. */
async function addMember(tenantId: string, email: string, role: Role): Promise<{ token: string; membershipId: string }> {
  const user = await admin.query('INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id', [email, await hashPassword(PASSWORD)]);
  const membership = await admin.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3) RETURNING id', [tenantId, user.rows[0].id, role]);
  const login = await t.gql('mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }', { i: { email, password: PASSWORD } });
  expect(login.body.errors).toBeUndefined();
  return { token: login.body.data.logIn.accessToken, membershipId: membership.rows[0].id };
}

async function snapshotOfB(): Promise<string> {
  const parts: Record<string, unknown> = {};
  for (const [table, where] of Object.entries(B_ROWS)) {
    const rows = (await admin.query(`SELECT * FROM ${table} WHERE ${where} ORDER BY 1`, [b.tenantId])).rows;
    // B's own change feed keeps polling in the background: its bookkeeping may move, nothing else.
    parts[table] = rows.map(({ poll_cursor, last_poll_at, last_poll_error, updated_at, last_seen_at, ...row }) => row);
  }
  parts.users = (await admin.query('SELECT u.* FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.tenant_id = $1 ORDER BY u.id', [b.tenantId])).rows;
  return JSON.stringify(parts);
}

/** Anything in a response that would show B leaked. */
function secretsOfB(): string[] {
  return [b.tenantId, b.reportId, b.name, b.ownerEmail, b.memberId, b.memberEmail, b.apiKeyId, b.apiKeyPrefix, b.invitationEmail, b.connectionId, b.payTraceUsername, b.sageProConnectionId, b.integrationId, b.webhookEndpointId, b.alertChannelId, b.eventId, b.deadLetterId, b.reviewId, b.flowId, b.flowVersionId, b.flowPromotionId, 'BRAVO-INV', 'ops@bravo.test'];
}

beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_IP: '10000' });
  admin = new pg.Client({ connectionString: t.db.adminUrl });
  await admin.connect();

  const ownerB = await signUp('Bravo Books Ltd', 'owner@bravo.test');
  const memberB = await addMember(ownerB.tenantId, 'clerk@bravo.test', 'operator');
  const keyB = await createKey(ownerB.token, ['admin']);
  const invited = await t.gql('mutation { invite(input: { email: "pending@bravo.test", role: viewer }) { id } }', {}, { token: ownerB.token });
  expect(invited.body.errors).toBeUndefined();
  const partner = await t.gql('mutation { signUpPartner(input: { partnerName: "Bravo Advisors", email: "sa@advisors.test", password: "long-enough-pw" }) { me { partner { id } } } }');
  const partnerId = partner.body.data.signUpPartner.me.partner.id;
  const grant = await t.gql('mutation($p: ID!) { grantPartnerAccess(partnerId: $p, role: operator) { role } }', { p: partnerId }, { token: ownerB.token });
  expect(grant.body.errors).toBeUndefined();
  const connection = await t.gql('mutation { createPayTraceConnection(input: { environment: sandbox, name: "Bravo PayTrace" }) { id username } }', {}, { token: ownerB.token });
  expect(connection.body.errors).toBeUndefined();
  const sagePro = await t.gql('mutation { createSageProConnection(input: { edition: sandbox, name: "Bravo Sage" }) { id } }', {}, { token: ownerB.token });
  expect(sagePro.body.errors).toBeUndefined();
  const asB = async (document: string, variables: Record<string, unknown> = {}) => {
    const res = await t.gql(document, variables, { token: ownerB.token });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data;
  };
  const sageProConnectionId = sagePro.body.data.createSageProConnection.id;
  const integrationId = (await asB('mutation($s: ID!) { createIntegration(input: { name: "Bravo sync", sageProConnectionId: $s }) { id } }', { s: sageProConnectionId })).createIntegration.id;
  const webhookEndpointId = (await asB('mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: settle_events, name: "Bravo partner" }) { endpoint { id } } }', { i: integrationId })).createWebhookEndpoint.endpoint.id;
  const alertChannelId = (await asB('mutation { createAlertChannel(input: { kind: email, name: "Bravo ops", target: "ops@bravo.test" }) { channel { id } } }')).createAlertChannel.channel.id;
  await asB('mutation { upsertAlertRule(input: { kind: chargeback, enabled: true }) { id } }');
  await asB('mutation { setExchangeRate(input: { base: "EUR", quote: "USD", date: "2026-12-04", rate: "7.7654321" }) { rate } }');
  // B's pipeline history: a dead event and one waiting for review, as the pipeline leaves them.
  const event = (state: string, externalId: string) =>
    admin.query(
      `INSERT INTO inbox_events (tenant_id, integration_id, source, external_id, type, correlation_id, event, payload, state, document_number)
       VALUES ($1, $2, 'partner', $3, 'payment.approved', $3, '{}', '{}', $4, 'BRAVO-INV') RETURNING id`,
      [ownerB.tenantId, integrationId, externalId, state],
    ).then((r) => r.rows[0].id as string);
  const eventId = await event('dead', 'bravo-evt-1');
  const deadLetterId = (await admin.query(`INSERT INTO dead_letters (tenant_id, event_id, cause, error_code, reason, attempts) VALUES ($1, $2, 'permanent', 'credit_hold', 'on hold', 1) RETURNING id`, [ownerB.tenantId, eventId])).rows[0].id;
  const reviewEvent = await event('manual_review', 'bravo-evt-2');
  const reviewId = (await admin.query(`INSERT INTO manual_reviews (tenant_id, event_id, reason) VALUES ($1, $2, 'invoice_not_found') RETURNING id`, [ownerB.tenantId, reviewEvent])).rows[0].id;
  // B's payment flow: version 1 in dev and qa, and its promotion to prod waiting for approval.
  const flowId = (await asB('{ flows { id kind } }')).flows.find((f: { kind: string }) => f.kind === 'payment_sync').id;
  // B's own mapping decision: a row of B's that A must neither read nor change.
  await asB('mutation($f: ID!) { recordMappingDecision(input: { flowId: $f, record: cash_receipt, field: "dtepaid", path: "occurredAt", decision: ACCEPTED, format: "settle-payment-event" }) { counted } }', { f: flowId });
  const flowVersionId = (await asB('mutation($f: ID!) { publishFlowVersion(flowId: $f, revision: 1, comment: "Bravo v1") { id } }', { f: flowId })).publishFlowVersion.id;
  await asB('mutation { updateTenant(input: { prodPromotionNeedsApproval: true }) { id } }');
  for (const environment of ['dev', 'qa']) await asB('mutation($v: ID!, $e: Environment!) { promoteFlowVersion(versionId: $v, environment: $e) { deployment { versionId } } }', { v: flowVersionId, e: environment });
  const flowPromotionId = (await asB('mutation($v: ID!) { promoteFlowVersion(versionId: $v, environment: prod) { promotion { id } } }', { v: flowVersionId })).promoteFlowVersion.promotion.id;
  // B's reconciliation report with one item, as a run leaves them.
  const reportId = (
    await admin.query(
      `INSERT INTO reconciliation_reports (tenant_id, integration_id, environment, range_from, range_to, started_at, item_count, unexplained, totals)
       VALUES ($1, $2, 'prod', '2026-11-01', '2026-11-30', now(), 1, 1, '[]') RETURNING id`,
      [ownerB.tenantId, integrationId],
    )
  ).rows[0].id as string;
  await admin.query(
    `INSERT INTO reconciliation_items (report_id, position, tenant_id, category, transaction_id, currency, sentence, records)
     VALUES ($1, 0, $2, 'missing_in_sage', '777000111', 'USD', 'Sale 777000111 of BRAVO-INV is missing', '{"paytrace":["777000111"],"sage":[]}')`,
    [reportId, ownerB.tenantId],
  );
  b = {
    reportId,
    flowId,
    flowVersionId,
    flowPromotionId,
    integrationId,
    webhookEndpointId,
    alertChannelId,
    eventId,
    deadLetterId,
    reviewId,
    tenantId: ownerB.tenantId,
    name: 'Bravo Books Ltd',
    ownerEmail: 'owner@bravo.test',
    memberId: memberB.membershipId,
    memberEmail: 'clerk@bravo.test',
    apiKeyId: keyB.apiKey.id,
    apiKeyPrefix: keyB.apiKey.prefix,
    invitationEmail: 'pending@bravo.test',
    partnerId,
    connectionId: connection.body.data.createPayTraceConnection.id,
    payTraceUsername: connection.body.data.createPayTraceConnection.username,
    sageProConnectionId: sagePro.body.data.createSageProConnection.id,
  };

  const ownerA = await signUp('Alpha Traders', 'owner@alpha.test');
  a.ownerToken = ownerA.token;
  a.adminKey = (await createKey(ownerA.token, ['admin'])).secret;
  a.readKey = (await createKey(ownerA.token, ['read'])).secret;
  a.viewerToken = (await addMember(ownerA.tenantId, 'viewer@alpha.test', 'viewer')).token;
});

afterAll(async () => {
  await admin?.end();
  await t?.close();
});

describe('cross-tenant isolation over GraphQL', () => {
  it('has an isolation row for every query and mutation in the schema', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())];
    expect(fields.filter((name) => !OPERATIONS[name])).toEqual([]);
    expect(Object.keys(OPERATIONS).filter((name) => !fields.includes(name))).toEqual([]);
  });

  for (const credential of ['ownerToken', 'adminKey'] as const) {
    it(`tenant A's ${credential === 'ownerToken' ? 'owner JWT' : 'admin API key'} neither reads nor changes tenant B`, async () => {
      const before = await snapshotOfB();
      for (const [name, operation] of Object.entries(OPERATIONS)) {
        if (name === 'logOut') continue; // would end A's own session; covered by the auth suite
        const res = await t.gql(operation.document, operation.variables?.(b), { token: a[credential] });
        const text = JSON.stringify(res.body);
        for (const secret of secretsOfB()) {
          expect(text, `${name} leaked ${secret}`).not.toContain(secret);
        }
      }
      expect(await snapshotOfB()).toEqual(before);
    });
  }

  it("a guessed id of B's is NOT_FOUND, never FORBIDDEN (which would confirm it exists)", async () => {
    for (const name of ['changeRole', 'removeMember', 'revokeApiKey', 'switchTenant', 'payTraceConnection', 'updatePayTraceConnection', 'deletePayTraceConnection', 'rotatePayTraceNotificationUrl', 'testPayTraceConnection', 'pollPayTraceConnection', 'backfillPayTraceConnection', 'chargePayTraceCustomer', 'sageProConnection', 'sageProChartOfAccounts', 'updateSageProConnection', 'updateSageProPosting', 'deleteSageProConnection', 'testSageProConnection', 'integration', 'integrationEvents', 'updateIntegration', 'deleteIntegration', 'rotateWebhookEndpointSecret', 'deleteWebhookEndpoint', 'deleteAlertChannel', 'syncEvent', 'resolveManualReview', 'flow', 'flowVersions', 'flowVersion', 'flowVersionDiff', 'saveFlowDraft', 'discardFlowDraft', 'publishFlowVersion', 'promoteFlowVersion', 'approveFlowPromotion', 'rejectFlowPromotion', 'rollbackFlow', 'previewFlow', 'mappingSampleEvents', 'mappingSources', 'mappingSuggestions', 'recordMappingDecision', 'evaluateMappingRule', 'reconciliationReport', 'reconciliationItems', 'runReconciliation']) {
      const operation = OPERATIONS[name];
      const res = await t.gql(operation.document, operation.variables?.(b), { token: a.ownerToken });
      expect(res.body.errors?.[0]?.extensions?.code, name).toBe('NOT_FOUND');
    }
  });

  it('a viewer and a read-only API key cannot run anything above their role', async () => {
    const guarded = Object.entries(OPERATIONS).filter(([, op]) => op.minRole && op.minRole !== 'viewer');
    expect(guarded.length).toBeGreaterThan(8);
    for (const [name, operation] of guarded) {
      for (const token of [a.viewerToken, a.readKey]) {
        const res = await t.gql(operation.document, operation.variables?.(b), { token });
        expect(res.body.errors?.[0]?.extensions?.code, name).toBe('FORBIDDEN');
      }
    }
  });

  it('without credentials every non-public operation is UNAUTHENTICATED', async () => {
    for (const [name, operation] of Object.entries(OPERATIONS)) {
      if (!operation.minRole && !['me', 'partnerTenants', 'switchTenant', 'logOut'].includes(name)) continue;
      const res = await t.gql(operation.document, operation.variables?.(b));
      expect(res.body.errors?.[0]?.extensions?.code, name).toBe('UNAUTHENTICATED');
    }
  });
});
