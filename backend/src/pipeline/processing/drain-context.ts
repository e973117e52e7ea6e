import type { Integration } from '../../generated/prisma/client.js';
import type { KyselySageProCompany } from '../../sagepro/kysely-company.js';

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
}
