import type { TestSummaryValue } from '../types';

export type SageProEdition = 'sandbox' | 'sqlserver';

/** sageProConnection / sageProConnections node, as fetched by dataProvider (SAGEPRO fields). */
export interface SageProConnection {
  id: string;
  name: string;
  edition: SageProEdition;
  /** Two digits, e.g. '01'. */
  companyId: string;
  /** SQL Server details: null for the built-in sandbox. */
  host: string | null;
  port: number | null;
  companyDatabase: string | null;
  systemDatabase: string | null;
  user: string | null;
  passwordHint: string;
  encrypt: boolean | null;
  lastTest: TestSummaryValue;
  posting: SageProPosting;
  createdAt: string;
}

/** The GL accounts Settle posts to: null until chosen from the company's chart. */
export interface SageProPosting {
  glCash: string | null;
  glReceivables: string | null;
  glDiscounts: string | null;
  glRefunds: string | null;
  glChargebacks: string | null;
  glSales: string | null;
}

/** Where Sage Pro connections live in the portal (custom routes under /connections, not a resource list). */
export const SAGEPRO_RESOURCE = 'sageProConnections';
export const sageProPath = (id?: string | number) => (id === undefined ? '/connections/sagepro/create' : `/connections/sagepro/${id}`);
