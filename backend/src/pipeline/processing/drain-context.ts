import type { Integration } from '../../generated/prisma/client.js';
import type { FlowKind } from '../../flows/definition/flow-definition.js';
import type { KyselySageProCompany } from '../../sagepro/kysely-company.js';
import type { RunningFlow } from './running-flow.js';
import type { RateTable } from '../../flows/transformations/exchange-rates.js';

/** A Sage Pro company opened for one drain, with what the workflows need to know about it. */
export interface OpenCompany {
  connectionId: string;
  company: KyselySageProCompany;
  timeZone: string;
  release(): Promise<void>;
}

/** What one drain looked up once and shares between its events. */
export interface DrainContext {
  tenantId: string;
  integration(id: string | null): Promise<Integration | null>;
  company(sageProConnectionId: string): Promise<OpenCompany>;
  /** The tenant's rate table for converting `from` into `to` on `date` (the rows that can give that rate). */
  exchangeRates(from: string, to: string, date: string): Promise<RateTable>;
  /** The flow version deployed to the integration's environment for this kind, or the default flow. */
  flow(integration: Integration, kind: FlowKind): Promise<RunningFlow>;
  /** An event's payload as it arrived (card data redacted when stored), for mappings that name `payload`. */
  payload(eventId: string): Promise<unknown>;
}
