// The portal's data: one module per resource (resources/), one registry, one react-admin DataProvider.
import { dataProviderFrom } from './provider';
import { actions, registry } from './registry';

export const dataProvider = dataProviderFrom(registry, actions);
export type SettleDataProvider = typeof dataProvider;

export { resetCursors } from './lists';
export type { ResourceName } from './registry';
export type { AlertRuleInput } from './resources/alerts';
export type { ReplayScope, ReviewDecision } from './resources/events';
export type { RotatedWebhookSecret } from './resources/integrations';
export type { ConnectionTestResult, ConnectionTestStatus } from './resources/payTraceConnections';
export {
  SAGEPRO_VIEWS, type SageProChartOfAccounts, type SageProGlAccount, type SageProTestResult, type SageProTestStatus,
  type SageProView, type SageProViewMeta, type SageProViewTable,
} from './resources/sagePro';
