import type { DataProvider, GetListParams, Identifier, RaRecord } from 'react-admin';
import { ApiError, gql } from './graphql';

type Connection = { nodes: RaRecord[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };

const MEMBER = 'id role createdAt user { id email name }';
const INVITATION = 'id email role expiresAt acceptedAt createdAt';
const API_KEY = 'id name prefix scopes createdAt lastUsedAt revokedAt';
const AUDIT = 'id action actorUserId actorEmail actorPartnerId actorApiKeyId targetType targetId ip details createdAt';
const TENANT = 'id name timeZone baseCurrency createdAt';
const CONNECTION = `id name environment baseUrl username passwordHint integratorId timeZone notificationUrl
  pollIntervalSeconds rateLimitPerMinute changeFeed { cursor lastPollAt lagSeconds lastError } lastTest { result testedAt } createdAt`;
const CHANGE = 'id connectionId transactionId state kind amountMinor currency occurredAt source createdAt';
const SAGEPRO = `id name edition companyId host port companyDatabase systemDatabase user passwordHint encrypt
  lastTest { result testedAt } posting { glCash glReceivables glDiscounts glRefunds glChargebacks glSales } createdAt`;
const EVENT = `id source externalId type state integrationId paymentKey documentNumber amountMinor currency correlationId
  attempts lastError receivedAt nextAttemptAt completedAt`;
const EVENT_DETAIL = `${EVENT} outcome event payload
  timeline { step outcome attempt startedAt durationMs rule detail }
  effects { kind reference invno sono custno amountMinor currency writeOutcome createdAt }`;
const DEAD_LETTER = `id eventId cause errorCode reason field attempts createdAt replayedAt event { ${EVENT} }`;
const REVIEW = `id eventId reason detail resolution createdAt resolvedAt event { ${EVENT} event }`;
const INTEGRATION = `id name payTraceConnectionId sageProConnectionId referenceField unmatchedPolicy matchWindowDays orderLocation
  enabled createdAt updatedAt`;
const WEBHOOK_ENDPOINT = 'id name format integrationId url secretHint createdAt rotatedAt previousSecretExpiresAt lastDeliveryAt';
const ALERT_CHANNEL = 'id kind name target enabled createdAt';
const ALERT_RULE = 'id kind enabled thresholdPercent windowMinutes waitMinutes createdAt';
const ALERT = 'id kind groupKey summary occurrences firstAt lastAt deliveredAt delivery { channelId ok error at } samples { eventId detail at }';

const connection = (field: string, fields: string, extraArgs = '', extraVars = '') =>
  `query List($first: Int, $after: String${extraVars}) {
    ${field}(first: $first, after: $after${extraArgs}) { nodes { ${fields} } pageInfo { endCursor hasNextPage } }
  }`;

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** `field`: the GraphQL field when it is not named like the react-admin resource. */
const LISTS: Record<string, { query: string; field?: string; vars?: (filter: Record<string, unknown>) => object }> = {
  members: { query: connection('members', MEMBER) },
  invitations: { query: connection('invitations', INVITATION) },
  apiKeys: { query: connection('apiKeys', API_KEY) },
  auditLog: {
    query: connection('auditLog', AUDIT, ', action: $action', ', $action: String'),
    vars: f => ({ action: text(f.action) }),
  },
  connections: { query: connection('payTraceConnections', CONNECTION), field: 'payTraceConnections' },
  sageProConnections: { query: connection('sageProConnections', SAGEPRO) },
  transactionChanges: {
    query: connection('transactionChanges', CHANGE, ', connectionId: $connectionId', ', $connectionId: ID'),
    vars: f => ({ connectionId: text(f.connectionId) }),
  },
  events: {
    query: connection('syncEvents', EVENT, ', state: $state, type: $type, source: $source, search: $search',
      ', $state: EventState, $type: String, $source: String, $search: String'),
    field: 'syncEvents',
    vars: f => ({ state: text(f.state), type: text(f.type), source: text(f.source), search: text(f.search) }),
  },
  // Open ones only unless the list's "Show replayed" / "Show resolved" switch is on.
  deadLetters: {
    query: connection('deadLetters', DEAD_LETTER, ', open: $open, integrationId: $integrationId', ', $open: Boolean, $integrationId: ID'),
    vars: f => ({ open: !f.includeReplayed, integrationId: text(f.integrationId) }),
  },
  manualReviews: { query: connection('manualReviews', REVIEW, ', open: $open', ', $open: Boolean'), vars: f => ({ open: !f.includeResolved }) },
  integrations: { query: connection('integrations', INTEGRATION) },
  webhookEndpoints: { query: connection('webhookEndpoints', WEBHOOK_ENDPOINT) },
  alerts: { query: connection('alerts', ALERT) },
};

/** Small lists the API returns whole (no pages). */
const WHOLE_LISTS: Record<string, string> = {
  alertRules: `query AlertRules { alertRules { ${ALERT_RULE} } }`,
  alertChannels: `query AlertChannels { alertChannels { ${ALERT_CHANNEL} } }`,
};

// ---- cursor pagination ----------------------------------------------------------------------
// react-admin numbers pages; the API pages with cursors. cursors[key][n] = endCursor of page n+1,
// where key = resource + perPage + filter, so page N is fetched with `after: endCursor(N-1)`.
const cursors = new Map<string, (string | null)[]>();
export const resetCursors = () => cursors.clear();

async function fetchPage(resource: string, filter: Record<string, unknown>, first: number, after: string | null) {
  const spec = LISTS[resource];
  if (!spec) throw new ApiError(`Unknown resource "${resource}"`, 'NOT_FOUND');
  const data = await gql<Record<string, Connection>>(spec.query, { first, after, ...spec.vars?.(filter) });
  return data[spec.field ?? resource];
}

async function getList(resource: string, { pagination = { page: 1, perPage: 25 }, filter = {} }: GetListParams) {
  if (WHOLE_LISTS[resource]) {
    const data = Object.values(await gql<Record<string, RaRecord[]>>(WHOLE_LISTS[resource]))[0];
    return { data, total: data.length };
  }
  const { page, perPage } = pagination;
  const key = JSON.stringify([resource, perPage, filter]);
  const known = cursors.get(key) ?? [];
  cursors.set(key, known);
  // Deep link / reload on page N without cached cursors: walk forward from the last known page.
  for (let p = 1; p < page; p++) {
    if (known[p - 1] !== undefined) continue;
    const prev = await fetchPage(resource, filter, perPage, p === 1 ? null : known[p - 2]);
    known[p - 1] = prev.pageInfo.endCursor;
    if (!prev.pageInfo.hasNextPage) return { data: [], total: (p - 1) * perPage + prev.nodes.length, pageInfo: { hasNextPage: false, hasPreviousPage: true } };
  }
  const conn = await fetchPage(resource, filter, perPage, page > 1 ? known[page - 2] : null);
  known[page - 1] = conn.pageInfo.endCursor;
  const { hasNextPage } = conn.pageInfo;
  return {
    data: conn.nodes,
    // On the last page the exact total is known, which gives react-admin a correct "x-y of z" label.
    total: hasNextPage ? undefined : (page - 1) * perPage + conn.nodes.length,
    pageInfo: { hasNextPage, hasPreviousPage: page > 1 },
  };
}

// ---- mutations -------------------------------------------------------------------------------
const unsupported = (what: string, resource: string): never => {
  throw new ApiError(`${what} is not supported for "${resource}"`, 'BAD_REQUEST');
};

// ---- PayTrace connections ---------------------------------------------------------------------
const CONNECTION_TEXT = ['name', 'timeZone', 'username', 'integratorId'] as const;
const CONNECTION_NUMBERS = ['pollIntervalSeconds', 'rateLimitPerMinute'] as const;
const number = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/** CreatePayTraceConnectionInput from form values: empty fields are left out (server defaults). */
function newConnection(data: Record<string, unknown>) {
  const input: Record<string, unknown> = { environment: data.environment };
  for (const f of CONNECTION_TEXT) if (text(data[f]) !== null) input[f] = text(data[f]);
  if (data.environment === 'custom' && text(data.baseUrl) !== null) input.baseUrl = text(data.baseUrl);
  if (typeof data.password === 'string' && data.password) input.password = data.password;
  for (const f of CONNECTION_NUMBERS) if (number(data[f]) !== null) input[f] = number(data[f]);
  return input;
}

/** UpdatePayTraceConnectionInput: only what changed; an empty password keeps the current one. */
function connectionChanges(data: Record<string, unknown>, previous: Record<string, unknown>) {
  const input: Record<string, unknown> = {};
  const fields = previous.environment === 'custom' ? [...CONNECTION_TEXT, 'baseUrl'] : CONNECTION_TEXT;
  for (const f of fields) {
    const v = text(data[f]);
    if (v !== null && v !== previous[f]) input[f] = v;
  }
  if (typeof data.password === 'string' && data.password) input.password = data.password;
  for (const f of CONNECTION_NUMBERS) {
    const v = number(data[f]);
    if (v !== null && v !== previous[f]) input[f] = v;
  }
  return input;
}

/** refused_address: the server's egress guard does not connect there (not a public address, EGRESS_ALLOW). */
export type ConnectionTestStatus = 'ok' | 'bad_credentials' | 'forbidden' | 'unreachable' | 'timed_out' | 'refused_address' | 'tls_error' | 'error';
export interface ConnectionTestResult { status: ConnectionTestStatus; message: string; durationMs: number; testedAt: string }

// ---- Sage Pro connections ---------------------------------------------------------------------
const SQLSERVER_TEXT = ['host', 'companyDatabase', 'systemDatabase', 'user'] as const;
const checked = (v: unknown) => v === true || v === 'true';

/**
 * CreateSageProConnectionInput from form values. The sandbox needs only its edition (the server names
 * it and picks company 01); a SQL Server company sends its details, empty fields left to the server.
 */
function newSageProConnection(data: Record<string, unknown>) {
  const input: Record<string, unknown> = { edition: data.edition };
  for (const f of ['name', 'companyId'] as const) if (text(data[f]) !== null) input[f] = text(data[f]);
  if (data.edition !== 'sqlserver') return input;
  for (const f of SQLSERVER_TEXT) if (text(data[f]) !== null) input[f] = text(data[f]);
  if (number(data.port) !== null) input.port = number(data.port);
  if (typeof data.password === 'string' && data.password) input.password = data.password;
  input.encrypt = checked(data.encrypt);
  input.trustServerCertificate = checked(data.trustServerCertificate);
  return input;
}

/**
 * UpdateSageProConnectionInput: only what changed (the sandbox's details are not editable). An empty
 * password keeps the stored one. The API does not return trustServerCertificate, so the form offers
 * "keep" (''), 'yes' or 'no' for it.
 */
function sageProChanges(data: Record<string, unknown>, previous: Record<string, unknown>) {
  const input: Record<string, unknown> = {};
  const name = text(data.name);
  if (name !== null && name !== previous.name) input.name = name;
  if (previous.edition !== 'sqlserver') return input;
  for (const f of SQLSERVER_TEXT) {
    const v = text(data[f]);
    if (v !== null && v !== previous[f]) input[f] = v;
  }
  const port = number(data.port);
  if (port !== null && port !== previous.port) input.port = port;
  if (typeof data.password === 'string' && data.password) input.password = data.password;
  if (typeof data.encrypt === 'boolean' && data.encrypt !== previous.encrypt) input.encrypt = data.encrypt;
  if (data.trustServerCertificate === 'yes' || data.trustServerCertificate === 'no')
    input.trustServerCertificate = data.trustServerCertificate === 'yes';
  return input;
}

export type SageProTestStatus =
  'ok' | 'bad_credentials' | 'forbidden' | 'missing_tables' | 'not_sage_pro' | 'unreachable' | 'timed_out' | 'refused_address' | 'tls_error' | 'error';
export interface SageProTestResult { status: SageProTestStatus; message: string; durationMs: number; testedAt: string }

export const SAGEPRO_VIEWS = ['customers', 'open_invoices', 'receipts', 'gl_distributions', 'orders', 'stock'] as const;
export type SageProView = (typeof SAGEPRO_VIEWS)[number];
/** A sageProSandboxView as a read-only record of the virtual resource "sageProSandboxViews". */
export interface SageProViewTable { id: string; columns: string[]; rows: string[][] }
export interface SageProViewMeta { connectionId: string; view: SageProView; limit?: number }

async function sageProSandboxView({ connectionId, view, limit }: SageProViewMeta): Promise<SageProViewTable> {
  const r = await gql<{ sageProSandboxView: { columns: string[]; rows: string[][] } }>(
    `query SageProSandboxView($connectionId: ID!, $view: SageProView!, $limit: Int) {
      sageProSandboxView(connectionId: $connectionId, view: $view, limit: $limit) { columns rows } }`,
    { connectionId, view, limit },
  );
  return { id: `${connectionId}/${view}`, ...r.sageProSandboxView };
}

export interface SageProGlAccount { account: string; description: string; type: string; active: boolean }
/** A company's chart of accounts as a read-only record of the virtual resource "sageProChartsOfAccounts" (id: the connection's). */
export interface SageProChartOfAccounts { id: string; accounts: SageProGlAccount[] }

async function sageProChartOfAccounts(connectionId: string): Promise<SageProChartOfAccounts> {
  const r = await gql<{ sageProChartOfAccounts: SageProGlAccount[] }>(
    `query SageProChartOfAccounts($connectionId: ID!) { sageProChartOfAccounts(connectionId: $connectionId) { account description type active } }`,
    { connectionId },
  );
  return { id: connectionId, accounts: r.sageProChartOfAccounts };
}

// ---- integrations, pipeline, alerts -----------------------------------------------------------
const INTEGRATION_TEXT = ['name', 'payTraceConnectionId', 'sageProConnectionId', 'referenceField', 'unmatchedPolicy', 'orderLocation'] as const;

/** Create/UpdateIntegrationInput from form values: empty fields left out; with `previous`, only what changed. */
function integrationInput(data: Record<string, unknown>, previous: Record<string, unknown> = {}) {
  const input: Record<string, unknown> = {};
  for (const f of INTEGRATION_TEXT) {
    const v = text(data[f]);
    if (v !== null && v !== previous[f]) input[f] = v;
  }
  const days = number(data.matchWindowDays);
  if (days !== null && days !== previous.matchWindowDays) input.matchWindowDays = days;
  if (typeof data.enabled === 'boolean' && data.enabled !== previous.enabled) input.enabled = data.enabled;
  return input;
}

/** Steps and effects get ids: react-admin's lists (timeline, effects table) key their rows by id. */
const withIds = (rows: object[]) => rows.map((row, i) => ({ id: i + 1, ...row }));

export type ReplayScope = { ids: Identifier[] } | { integrationId: string } | { all: true };
export type ReviewDecision =
  | { action: 'match_invoice'; invno: string } | { action: 'post_on_account'; custno: string }
  | { action: 'reverse_receipt'; receiptReference: string } | { action: 'dismiss' };
/** `secret` is the one Settle issued, shown once; null when the tenant supplied it (Shopify). */
export interface RotatedWebhookSecret { endpoint: RaRecord; secret: string | null; previousSecretExpiresAt: string }
export interface AlertRuleInput {
  kind: string; enabled: boolean; thresholdPercent?: number | null; windowMinutes?: number | null; waitMinutes?: number | null;
}

/** Pipeline and alert operations that are not CRUD; call them through `useDataProvider<SettleDataProvider>()`. */
const pipelineActions = {
  /** Resolves to how many dead letters went back to the pipeline (already replayed ones are not counted). */
  async replayDeadLetters(input: ReplayScope): Promise<number> {
    const r = await gql<{ replayDeadLetters: { replayed: number } }>(
      `mutation ReplayDeadLetters($input: ReplayDeadLettersInput!) { replayDeadLetters(input: $input) { replayed } }`,
      { input },
    );
    return r.replayDeadLetters.replayed;
  },
  async resolveManualReview(id: Identifier, input: ReviewDecision): Promise<RaRecord> {
    const r = await gql<{ resolveManualReview: RaRecord }>(
      `mutation ResolveManualReview($id: ID!, $input: ResolveManualReviewInput!) {
        resolveManualReview(id: $id, input: $input) { ${REVIEW} } }`,
      { id, input },
    );
    return r.resolveManualReview;
  },
  /**
   * `signingSecret`: a Shopify store's new secret; without it Settle issues one, returned once. Callers
   * must not persist either.
   */
  async rotateWebhookSecret(id: Identifier, signingSecret?: string): Promise<RotatedWebhookSecret> {
    const r = await gql<{ rotateWebhookEndpointSecret: RotatedWebhookSecret }>(
      `mutation RotateWebhookEndpointSecret($id: ID!, $signingSecret: String) {
        rotateWebhookEndpointSecret(id: $id, signingSecret: $signingSecret) { secret previousSecretExpiresAt endpoint { ${WEBHOOK_ENDPOINT} } } }`,
      { id, signingSecret: signingSecret || null },
    );
    return r.rotateWebhookEndpointSecret;
  },
  async upsertAlertRule(input: AlertRuleInput): Promise<RaRecord> {
    const r = await gql<{ upsertAlertRule: RaRecord }>(
      `mutation UpsertAlertRule($input: UpsertAlertRuleInput!) { upsertAlertRule(input: $input) { ${ALERT_RULE} } }`,
      { input },
    );
    return r.upsertAlertRule;
  },
};

/** Connection operations that are not CRUD; call them through `useDataProvider<SettleDataProvider>()`. */
const connectionActions = {
  async testConnection(id: string): Promise<ConnectionTestResult> {
    const r = await gql<{ testPayTraceConnection: ConnectionTestResult }>(
      `mutation TestPayTraceConnection($id: ID!) { testPayTraceConnection(id: $id) { status message durationMs testedAt } }`,
      { id },
    );
    return r.testPayTraceConnection;
  },
  async pollConnection(id: string): Promise<boolean> {
    const r = await gql<{ pollPayTraceConnection: boolean }>(
      `mutation PollPayTraceConnection($id: ID!) { pollPayTraceConnection(id: $id) }`,
      { id },
    );
    return r.pollPayTraceConnection;
  },
  async rotateNotificationUrl(id: string): Promise<RaRecord> {
    const r = await gql<{ rotatePayTraceNotificationUrl: RaRecord }>(
      `mutation RotatePayTraceNotificationUrl($id: ID!) { rotatePayTraceNotificationUrl(id: $id) { ${CONNECTION} } }`,
      { id },
    );
    return r.rotatePayTraceNotificationUrl;
  },
  /** SageProPostingInput: only the settings given change; accounts must be of the company's chart. */
  async updateSageProPosting(id: string, input: Record<string, string>): Promise<RaRecord> {
    const r = await gql<{ updateSageProPosting: RaRecord }>(
      `mutation UpdateSageProPosting($id: ID!, $input: SageProPostingInput!) { updateSageProPosting(id: $id, input: $input) { ${SAGEPRO} } }`,
      { id, input },
    );
    return r.updateSageProPosting;
  },
  async testSageProConnection(id: string): Promise<SageProTestResult> {
    const r = await gql<{ testSageProConnection: SageProTestResult }>(
      `mutation TestSageProConnection($id: ID!) { testSageProConnection(id: $id) { status message durationMs testedAt } }`,
      { id },
    );
    return r.testSageProConnection;
  },
};
export type SettleDataProvider = DataProvider & typeof connectionActions & typeof pipelineActions;

const MANY = ['connections', 'sageProConnections', 'integrations', 'events'];

export const dataProvider: SettleDataProvider = {
  getList: getList as DataProvider['getList'],

  async getOne(resource, { id, meta }) {
    if (resource === 'sageProChartsOfAccounts') return { data: await sageProChartOfAccounts(String(id)) } as never;
    if (resource === 'sageProSandboxViews') {
      // Read with useGetOne(…, { id: `${connectionId}/${view}`, meta: { connectionId, view, limit } }).
      return { data: await sageProSandboxView(meta as SageProViewMeta) } as never;
    }
    if (resource === 'sageProConnections') {
      const r = await gql<{ sageProConnection: RaRecord }>(
        `query SageProConnection($id: ID!) { sageProConnection(id: $id) { ${SAGEPRO} } }`,
        { id },
      );
      return { data: r.sageProConnection } as never;
    }
    if (resource === 'connections') {
      const r = await gql<{ payTraceConnection: RaRecord }>(
        `query PayTraceConnection($id: ID!) { payTraceConnection(id: $id) { ${CONNECTION} } }`,
        { id },
      );
      return { data: r.payTraceConnection } as never;
    }
    if (resource === 'events') {
      const r = await gql<{ syncEvent: RaRecord & { timeline: object[]; effects: object[] } }>(
        `query SyncEvent($id: ID!) { syncEvent(id: $id) { ${EVENT_DETAIL} } }`,
        { id },
      );
      const event = r.syncEvent;
      return { data: { ...event, timeline: withIds(event.timeline), effects: withIds(event.effects) } } as never;
    }
    if (resource === 'integrations') {
      const r = await gql<{ integration: RaRecord }>(`query Integration($id: ID!) { integration(id: $id) { ${INTEGRATION} } }`, { id });
      return { data: r.integration } as never;
    }
    if (resource !== 'tenant') unsupported('getOne', resource);
    const { tenant } = await gql<{ tenant: RaRecord }>(`query Tenant { tenant { ${TENANT} } }`);
    return { data: tenant } as never;
  },

  async update(resource, { id, data, previousData }) {
    if (resource === 'members') {
      const r = await gql<{ changeRole: RaRecord }>(
        `mutation ChangeRole($id: ID!, $role: Role!) { changeRole(membershipId: $id, role: $role) { ${MEMBER} } }`,
        { id, role: data.role },
      );
      return { data: r.changeRole } as never;
    }
    if (resource === 'tenant') {
      const input: Record<string, string> = {};
      for (const f of ['name', 'timeZone', 'baseCurrency'] as const)
        if (data[f] !== undefined && data[f] !== previousData?.[f]) input[f] = String(data[f]).trim();
      const r = await gql<{ updateTenant: RaRecord }>(
        `mutation UpdateTenant($input: UpdateTenantInput!) { updateTenant(input: $input) { ${TENANT} } }`,
        { input },
      );
      return { data: r.updateTenant } as never;
    }
    if (resource === 'connections') {
      const input = connectionChanges(data, previousData ?? {});
      if (!Object.keys(input).length) return { data: previousData } as never; // nothing changed: no audit entry
      const r = await gql<{ updatePayTraceConnection: RaRecord }>(
        `mutation UpdatePayTraceConnection($id: ID!, $input: UpdatePayTraceConnectionInput!) {
          updatePayTraceConnection(id: $id, input: $input) { ${CONNECTION} } }`,
        { id, input },
      );
      return { data: r.updatePayTraceConnection } as never;
    }
    if (resource === 'sageProConnections') {
      const input = sageProChanges(data, previousData ?? {});
      if (!Object.keys(input).length) return { data: previousData } as never; // nothing changed: no audit entry
      const r = await gql<{ updateSageProConnection: RaRecord }>(
        `mutation UpdateSageProConnection($id: ID!, $input: UpdateSageProConnectionInput!) {
          updateSageProConnection(id: $id, input: $input) { ${SAGEPRO} } }`,
        { id, input },
      );
      return { data: r.updateSageProConnection } as never;
    }
    if (resource === 'integrations') {
      const input = integrationInput(data, previousData ?? {});
      if (!Object.keys(input).length) return { data: previousData } as never; // nothing changed: no audit entry
      const r = await gql<{ updateIntegration: RaRecord }>(
        `mutation UpdateIntegration($id: ID!, $input: UpdateIntegrationInput!) { updateIntegration(id: $id, input: $input) { ${INTEGRATION} } }`,
        { id, input },
      );
      return { data: r.updateIntegration } as never;
    }
    return unsupported('update', resource);
  },

  async create(resource, { data }) {
    if (resource === 'invitations') {
      const r = await gql<{ invite: RaRecord }>(
        `mutation Invite($input: InviteInput!) { invite(input: $input) { ${INVITATION} } }`,
        { input: { email: String(data.email).trim(), role: data.role } },
      );
      return { data: r.invite } as never;
    }
    if (resource === 'apiKeys') {
      const r = await gql<{ createApiKey: { apiKey: RaRecord; secret: string } }>(
        `mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${API_KEY} } } }`,
        { input: { name: String(data.name).trim(), scopes: data.scopes } },
      );
      // The secret is returned once; callers must not persist it.
      return { data: { ...r.createApiKey.apiKey, secret: r.createApiKey.secret } } as never;
    }
    if (resource === 'connections') {
      const r = await gql<{ createPayTraceConnection: RaRecord }>(
        `mutation CreatePayTraceConnection($input: CreatePayTraceConnectionInput!) {
          createPayTraceConnection(input: $input) { ${CONNECTION} } }`,
        { input: newConnection(data) },
      );
      return { data: r.createPayTraceConnection } as never;
    }
    if (resource === 'sageProConnections') {
      const r = await gql<{ createSageProConnection: RaRecord }>(
        `mutation CreateSageProConnection($input: CreateSageProConnectionInput!) {
          createSageProConnection(input: $input) { ${SAGEPRO} } }`,
        { input: newSageProConnection(data) },
      );
      return { data: r.createSageProConnection } as never;
    }
    if (resource === 'integrations') {
      const r = await gql<{ createIntegration: RaRecord }>(
        `mutation CreateIntegration($input: CreateIntegrationInput!) { createIntegration(input: $input) { ${INTEGRATION} } }`,
        { input: integrationInput(data) },
      );
      return { data: r.createIntegration } as never;
    }
    if (resource === 'webhookEndpoints') {
      // A Shopify store's own signing secret (surrounding whitespace of a paste dropped); the API refuses one for other formats.
      const signingSecret = data.format === 'shopify_orders' ? String(data.signingSecret ?? '').trim() || null : null;
      const r = await gql<{ createWebhookEndpoint: { endpoint: RaRecord; secret: string | null; url: string } }>(
        `mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
          createWebhookEndpoint(input: $input) { secret url endpoint { ${WEBHOOK_ENDPOINT} } } }`,
        { input: { integrationId: data.integrationId, format: data.format, name: String(data.name ?? '').trim(), signingSecret } },
      );
      // A secret Settle generated is returned once (null when supplied); callers must not persist it.
      const { endpoint, secret, url } = r.createWebhookEndpoint;
      return { data: { ...endpoint, url, secret } } as never;
    }
    if (resource === 'alertChannels') {
      const r = await gql<{ createAlertChannel: { channel: RaRecord; secret: string | null } }>(
        `mutation CreateAlertChannel($input: CreateAlertChannelInput!) {
          createAlertChannel(input: $input) { secret channel { ${ALERT_CHANNEL} } } }`,
        { input: { kind: data.kind, name: String(data.name ?? '').trim(), target: String(data.target ?? '').trim() } },
      );
      // A webhook channel's signing secret is returned once; callers must not persist it.
      return { data: { ...r.createAlertChannel.channel, secret: r.createAlertChannel.secret } } as never;
    }
    return unsupported('create', resource);
  },

  async delete(resource, { id, previousData }) {
    if (resource === 'members') {
      await gql(`mutation RemoveMember($id: ID!) { removeMember(membershipId: $id) }`, { id });
      return { data: previousData ?? { id } } as never;
    }
    if (resource === 'apiKeys') {
      const r = await gql<{ revokeApiKey: RaRecord }>(
        `mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { ${API_KEY} } }`,
        { id },
      );
      return { data: r.revokeApiKey } as never;
    }
    if (resource === 'connections') {
      await gql(`mutation DeletePayTraceConnection($id: ID!) { deletePayTraceConnection(id: $id) }`, { id });
      return { data: previousData ?? { id } } as never;
    }
    if (resource === 'sageProConnections') {
      await gql(`mutation DeleteSageProConnection($id: ID!) { deleteSageProConnection(id: $id) }`, { id });
      return { data: previousData ?? { id } } as never;
    }
    const deletions: Record<string, string> = {
      integrations: 'mutation DeleteIntegration($id: ID!) { deleteIntegration(id: $id) }',
      webhookEndpoints: 'mutation DeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) }',
      alertChannels: 'mutation DeleteAlertChannel($id: ID!) { deleteAlertChannel(id: $id) }',
    };
    if (deletions[resource]) {
      await gql(deletions[resource], { id });
      return { data: previousData ?? { id } } as never;
    }
    return unsupported('delete', resource);
  },

  ...connectionActions,
  ...pipelineActions,

  // ReferenceField / ReferenceInput: one getOne per id (a tenant has a handful of connections and
  // integrations). A record that is gone (deleted connection) is left out rather than failing them all.
  async getMany(resource, { ids, meta }) {
    if (!MANY.includes(resource)) return unsupported('getMany', resource);
    const found = await Promise.allSettled(ids.map(id => dataProvider.getOne(resource, { id, meta })));
    return { data: found.flatMap(r => (r.status === 'fulfilled' ? [r.value.data] : [])) } as never;
  },
  getManyReference: async resource => unsupported('getManyReference', resource),
  updateMany: async resource => unsupported('updateMany', resource),
  deleteMany: async resource => unsupported('deleteMany', resource),
};
