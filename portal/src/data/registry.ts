import type { Registry } from './provider';
import { alertActions, alertChannels, alertRules, alerts } from './resources/alerts';
import { apiKeys, auditLog } from './resources/apiKeys';
import { deadLetters, events, manualReviews, pipelineActions } from './resources/events';
import { integrations, webhookActions, webhookEndpoints } from './resources/integrations';
import { payTraceActions, payTraceConnections, transactionChanges } from './resources/payTraceConnections';
import { sageProActions, sageProChartsOfAccounts, sageProConnections, sageProSandboxViews } from './resources/sagePro';
import { invitations, members } from './resources/team';
import { tenant } from './resources/tenant';

/** Every react-admin resource the portal reads or writes, by the name <Resource> and the hooks use. */
export const registry = {
  members,
  invitations,
  tenant,
  apiKeys,
  auditLog,
  connections: payTraceConnections,
  transactionChanges,
  sageProConnections,
  sageProSandboxViews,
  sageProChartsOfAccounts,
  events,
  deadLetters,
  manualReviews,
  integrations,
  webhookEndpoints,
  alerts,
  alertRules,
  alertChannels,
} satisfies Registry;

export type ResourceName = keyof typeof registry;

/** Operations that are not CRUD; call them through `useDataProvider<SettleDataProvider>()`. */
export const actions = { ...payTraceActions, ...sageProActions, ...pipelineActions, ...webhookActions, ...alertActions };
