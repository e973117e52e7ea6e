// The flows pages call GraphQL directly (not through the react-admin dataProvider): versions,
// promotions and previews are actions on one flow, not lists of records to page and edit.
import { ApiError, gql } from '../graphql';

export const ENVIRONMENTS = ['dev', 'qa', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** A payment sync's triggers and the Sage Pro statuses a status map may name (flow-definition.ts). */
export const PAYMENT_TRIGGERS = ['approved', 'declined', 'refunded', 'voided', 'charged_back', 'settled'] as const;
export const SAGE_STATUSES = ['paid', 'partly_paid', 'failed', 'refunded', 'voided', 'charged_back'] as const;

export interface FlowStep { id: string; type: string; name?: string; config: Record<string, unknown>; on?: string[] }
export interface FlowDefinition { kind: string; steps: FlowStep[] }
export interface FlowProblem { path: string; stepId: string | null; message: string; position: number | null }
export interface FlowDraft { revision: number; definition: FlowDefinition; problems: FlowProblem[]; updatedAt: string }
export interface FlowDeployment { environment: EnvironmentName; versionId: string | null; versionNumber: number; deployedAt: string | null }
export interface Flow { id: string; kind: string; name: string; draft: FlowDraft; deployments: FlowDeployment[] }
export interface FlowVersion { id: string; number: number; comment: string; authorId: string | null; createdAt: string; definition: FlowDefinition }
export interface FlowPromotion {
  id: string; flowId: string; versionId: string; versionNumber: number; environment: EnvironmentName;
  status: 'pending' | 'approved' | 'rejected'; requestedBy: string | null; decidedBy: string | null; createdAt: string;
}
export interface FlowChange { path: string; stepId: string | null; change: 'added' | 'removed' | 'changed' | 'moved'; before: unknown; after: unknown }
export interface FlowPreview {
  trigger: string; taken: boolean; decision: string; summary: string; status: string | null; glAccount: string | null;
  firedRules: { step: string; rule: string; detail: unknown }[];
  rows: { table: string; action: string; key: string; values: Record<string, unknown> }[];
  problems: { field: string; message: string }[];
  durationMs: number;
  /** The event previewed, normalised. */
  event: unknown;
}
/** What a preview runs on: a recent event, a pasted payload, or a generated example. */
export type FlowSample = { eventId: string } | { event: unknown } | { example: true; trigger: string };

const DRAFT = 'revision definition updatedAt problems { path stepId message position }';
const DEPLOYMENT = 'environment versionId versionNumber deployedAt';
const FLOW = `id kind name draft { ${DRAFT} } deployments { ${DEPLOYMENT} }`;
const VERSION = 'id number comment authorId createdAt definition';
const PROMOTION = 'id flowId versionId versionNumber environment status requestedBy decidedBy createdAt';

export const listFlows = () => gql<{ flows: Flow[] }>(`query Flows { flows { ${FLOW} } }`).then(d => d.flows);

export const getFlow = (id: string) => gql<{ flow: Flow }>(`query Flow($id: ID!) { flow(id: $id) { ${FLOW} } }`, { id }).then(d => d.flow);

export const listVersions = (flowId: string) =>
  gql<{ flowVersions: { nodes: FlowVersion[] } }>(
    `query FlowVersions($flowId: ID!) { flowVersions(flowId: $flowId, first: 100) { nodes { ${VERSION} } } }`, { flowId },
  ).then(d => d.flowVersions.nodes);

export const pendingPromotions = (flowId: string) =>
  gql<{ flowPromotions: { nodes: FlowPromotion[] } }>(
    `query Pending { flowPromotions(status: pending, first: 100) { nodes { ${PROMOTION} } } }`,
  ).then(d => d.flowPromotions.nodes.filter(p => p.flowId === flowId));

/** Without `toVersionId`: from the version to the draft. */
export const diffVersions = (fromVersionId: string, toVersionId: string | null) =>
  gql<{ flowVersionDiff: FlowChange[] }>(
    'query Diff($from: ID!, $to: ID) { flowVersionDiff(fromVersionId: $from, toVersionId: $to) { path stepId change before after } }',
    { from: fromVersionId, to: toVersionId },
  ).then(d => d.flowVersionDiff);

/** The tenant's people by user id, to name authors and approvers. */
export const listPeople = () =>
  gql<{ members: { nodes: { user: { id: string; email: string; name: string | null } }[] } }>(
    'query People { members(first: 100) { nodes { user { id email name } } } }',
  ).then(d => new Map(d.members.nodes.map(m => [m.user.id, m.user.name || m.user.email])));

export const saveDraft = (flowId: string, definition: FlowDefinition, revision: number) =>
  gql<{ saveFlowDraft: FlowDraft }>(
    `mutation SaveDraft($flowId: ID!, $definition: JSON!, $revision: Int!) { saveFlowDraft(flowId: $flowId, definition: $definition, revision: $revision) { ${DRAFT} } }`,
    { flowId, definition, revision },
  ).then(d => d.saveFlowDraft);

export const discardDraft = (flowId: string, revision: number) =>
  gql<{ discardFlowDraft: FlowDraft }>(
    `mutation DiscardDraft($flowId: ID!, $revision: Int) { discardFlowDraft(flowId: $flowId, revision: $revision) { ${DRAFT} } }`,
    { flowId, revision },
  ).then(d => d.discardFlowDraft);

export const publishVersion = (flowId: string, revision: number, comment: string) =>
  gql<{ publishFlowVersion: FlowVersion }>(
    `mutation Publish($flowId: ID!, $revision: Int!, $comment: String) { publishFlowVersion(flowId: $flowId, revision: $revision, comment: $comment) { ${VERSION} } }`,
    { flowId, revision, comment: comment.trim() || null },
  ).then(d => d.publishFlowVersion);

export const promoteVersion = (versionId: string, environment: EnvironmentName) =>
  gql<{ promoteFlowVersion: { deployment: FlowDeployment | null; promotion: FlowPromotion | null } }>(
    `mutation Promote($versionId: ID!, $environment: Environment!) {
      promoteFlowVersion(versionId: $versionId, environment: $environment) { deployment { ${DEPLOYMENT} } promotion { ${PROMOTION} } }
    }`,
    { versionId, environment },
  ).then(d => d.promoteFlowVersion);

export const approvePromotion = (id: string) =>
  gql(`mutation Approve($id: ID!) { approveFlowPromotion(id: $id) { ${PROMOTION} } }`, { id });

export const rejectPromotion = (id: string) =>
  gql(`mutation Reject($id: ID!) { rejectFlowPromotion(id: $id) { ${PROMOTION} } }`, { id });

/** Without `versionId`: back to the version that ran there before (the built-in default before the first). */
export const rollback = (flowId: string, environment: EnvironmentName, versionId?: string | null) =>
  gql<{ rollbackFlow: FlowDeployment }>(
    `mutation Rollback($flowId: ID!, $environment: Environment!, $versionId: ID) { rollbackFlow(flowId: $flowId, environment: $environment, versionId: $versionId) { ${DEPLOYMENT} } }`,
    { flowId, environment, versionId: versionId ?? null },
  ).then(d => d.rollbackFlow);

const PREVIEW = `trigger taken decision summary status glAccount firedRules { step rule detail }
  rows { table action key values } problems { field message } durationMs event`;

/** Runs a version (null: the draft) on a sample, writing nothing anywhere. */
export const previewFlow = (flowId: string, versionId: string | null, environment: EnvironmentName | null, sample: FlowSample) =>
  gql<{ previewFlow: FlowPreview }>(
    `query Preview($flowId: ID!, $versionId: ID, $environment: Environment, $sample: FlowSampleInput!) {
      previewFlow(flowId: $flowId, versionId: $versionId, environment: $environment, sample: $sample) { ${PREVIEW} }
    }`,
    { flowId, versionId, environment, sample },
  ).then(d => d.previewFlow);

/** A failed call in words: a stale revision asks for a reload; bad input names its field. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'Something went wrong.';
  if (error instanceof ApiError) {
    if (error.code === 'CONFLICT') return `Someone changed this in the meantime (${error.message}). Reload the page to see the latest and try again.`;
    if (error.code === 'FORBIDDEN') return `Not allowed: ${error.message}`;
    if (error.code === 'BAD_USER_INPUT' && error.field && !error.message.includes(error.field)) return `${error.field}: ${error.message}`;
  }
  return error.message;
}

/**
 * Sends the sample through the environment's own (sandbox) pair, run by the version deployed there;
 * answers the event's id, whose timeline shows what happened. The API refuses prod.
 */
export const testRunFlow = (environment: Exclude<EnvironmentName, 'prod'>, sample: FlowSample) =>
  gql<{ testRunFlow: string }>(
    'mutation TestRun($environment: Environment!, $sample: FlowSampleInput!) { testRunFlow(environment: $environment, sample: $sample) }',
    { environment, sample },
  ).then(d => d.testRunFlow);

/** The environments a sample may be test-run in: never prod. */
export const TEST_RUN_ENVIRONMENTS = ['dev', 'qa'] as const;

/** One integration pair of an environment, with the names of the PayTrace account and Sage Pro company it binds. */
export interface EnvironmentPair {
  id: string; name: string; enabled: boolean;
  payTrace: string | null;
  sagePro: string;
}
export type EnvironmentPairs = Record<EnvironmentName, EnvironmentPair[]>;

interface PairRow { id: string; name: string; enabled: boolean; payTraceConnectionId: string | null; sageProConnectionId: string }
const PAIRS = 'name integrations { id name enabled payTraceConnectionId sageProConnectionId }';

function namePairs(
  environments: { name: EnvironmentName; integrations: PairRow[] }[],
  payTrace: { id: string; name: string }[],
  sagePro: { id: string; name: string; companyId: string }[],
): EnvironmentPairs {
  const payTraceName = new Map(payTrace.map(c => [c.id, c.name]));
  const sageProName = new Map(sagePro.map(c => [c.id, `${c.name} (company ${c.companyId})`]));
  const pairs: EnvironmentPairs = { dev: [], qa: [], prod: [] };
  for (const environment of environments) {
    pairs[environment.name] = environment.integrations.map(i => ({
      id: i.id, name: i.name, enabled: i.enabled,
      payTrace: i.payTraceConnectionId ? payTraceName.get(i.payTraceConnectionId) ?? 'a PayTrace account' : null,
      sagePro: sageProName.get(i.sageProConnectionId) ?? 'a Sage Pro company',
    }));
  }
  return pairs;
}

const CONNECTION_NAMES = 'payTraceConnections(first: 100) { nodes { id name } } sageProConnections(first: 100) { nodes { id name companyId } }';
type PairsAnswer = {
  payTraceConnections: { nodes: { id: string; name: string }[] };
  sageProConnections: { nodes: { id: string; name: string; companyId: string }[] };
};

/** Which pair (PayTrace account, Sage Pro company) each environment binds. */
export const listEnvironmentPairs = () =>
  gql<PairsAnswer & { environments: { name: EnvironmentName; integrations: PairRow[] }[] }>(
    `query EnvironmentPairs { environments { ${PAIRS} } ${CONNECTION_NAMES} }`,
  ).then(d => namePairs(d.environments, d.payTraceConnections.nodes, d.sageProConnections.nodes));

/** Gives dev and qa a pair on the built-in sandboxes where they have none; answers every environment's pairs afterwards. */
export const provisionSandboxPairs = () =>
  gql<{ provisionSandboxPairs: unknown }>(`mutation ProvisionSandboxPairs { provisionSandboxPairs { ${PAIRS} } }`).then(listEnvironmentPairs);
