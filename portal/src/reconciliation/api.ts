// Reconciliation reports (backend/src/reconciliation): run one, list them, read one's items a category at a time.
import { gql } from '../graphql';

export const CATEGORIES = ['matched', 'pending_settlement', 'explained', 'amount_mismatch', 'missing_in_sage', 'not_in_paytrace', 'duplicate_receipt', 'reversal_still_standing'] as const;
export type Category = (typeof CATEGORIES)[number];
/** How each category reads on the page. */
export const CATEGORY_LABELS: Record<Category, string> = {
  matched: 'Matched',
  pending_settlement: 'Pending settlement',
  explained: 'Explained',
  amount_mismatch: 'Amount mismatch',
  missing_in_sage: 'Missing in Sage Pro',
  not_in_paytrace: 'Not in PayTrace',
  duplicate_receipt: 'Duplicate receipt',
  reversal_still_standing: 'Reversal still standing',
};
export const DIFFERENCES: readonly Category[] = ['amount_mismatch', 'missing_in_sage', 'not_in_paytrace', 'duplicate_receipt', 'reversal_still_standing'];

export interface ReconciliationTotal { category: Category; currency: string; count: number; paytraceMinor: string; sageMinor: string }
export interface ReconciliationReport {
  id: string; integrationId: string; environment: string; from: string; to: string; startedAt: string; finishedAt: string;
  itemCount: number; unexplained: number; totals: ReconciliationTotal[];
}
export interface ReconciliationItem {
  position: number; category: Category; sentence: string; transactionId: string | null; reference: string | null;
  paytraceMinor: string | null; sageMinor: string | null; currency: string; records: { paytrace: string[]; sage: string[] };
  fix: string | null; explains: Category | null;
}
export interface Page<T> { nodes: T[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } }
export interface PairChoice { id: string; name: string; environment: string }

const REPORT = 'id integrationId environment from to startedAt finishedAt itemCount unexplained totals { category currency count paytraceMinor sageMinor }';
const ITEM = 'position category sentence transactionId reference paytraceMinor sageMinor currency records { paytrace sage } fix explains';

export const listReports = () =>
  gql<{ reconciliationReports: Page<ReconciliationReport> }>(`query Reports { reconciliationReports(first: 50) { nodes { ${REPORT} } pageInfo { endCursor hasNextPage } } }`).then(d => d.reconciliationReports);

export const getReport = (id: string) =>
  gql<{ reconciliationReport: ReconciliationReport }>(`query Report($id: ID!) { reconciliationReport(id: $id) { ${REPORT} } }`, { id }).then(d => d.reconciliationReport);

export const listItems = (reportId: string, category: Category | null, after: string | null) =>
  gql<{ reconciliationItems: Page<ReconciliationItem> }>(
    `query Items($r: ID!, $c: String, $after: String) { reconciliationItems(reportId: $r, category: $c, first: 100, after: $after) { nodes { ${ITEM} } pageInfo { endCursor hasNextPage } } }`,
    { r: reportId, c: category, after },
  ).then(d => d.reconciliationItems);

export const runReconciliation = (input: { integrationId: string; from: string; to: string }) =>
  gql<{ runReconciliation: ReconciliationReport }>(`mutation Run($i: RunReconciliationInput!) { runReconciliation(input: $i) { ${REPORT} } }`, { i: input }).then(d => d.runReconciliation);

/** The pairs that connect a PayTrace account: only they have something to reconcile. */
export const listPairs = () =>
  gql<{ integrations: { nodes: { id: string; name: string; environment: string; payTraceConnectionId: string | null }[] } }>(
    'query Pairs { integrations(first: 100) { nodes { id name environment payTraceConnectionId } } }',
  ).then(d => d.integrations.nodes.filter(i => i.payTraceConnectionId).map(({ id, name, environment }): PairChoice => ({ id, name, environment })));

/** '12345' minor units of USD → '123.45'; the exponent from the currency, as Intl knows it. */
export function majorText(minor: string, currency: string): string {
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const negative = minor.startsWith('-');
  const abs = (negative ? minor.slice(1) : minor).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  return `${negative ? '-' : ''}${whole}${digits ? `.${abs.slice(abs.length - digits)}` : ''}`;
}
