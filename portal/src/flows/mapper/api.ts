// The field mapper's calls (backend/src/flows/mapper/README.md): the sample's source tree, the
// Sage Pro fields, suggestions between them, decisions that teach the suggester, and one rule
// evaluated on the sample as it is typed.
import { gql } from '../../graphql';
import type { FlowSample } from '../api';

/** What a flow writes to Sage Pro, as the API's TargetRecord names it. */
export const TARGET_RECORDS = ['cash_receipt', 'invoice_status', 'gl_distribution', 'customer', 'sales_order', 'sales_order_line'] as const;
export type TargetRecord = (typeof TARGET_RECORDS)[number];
/** The records each kind of flow writes (order-mapping.ts, payment-mapping.ts). */
export const KIND_RECORDS: Record<string, readonly TargetRecord[]> = {
  payment_sync: ['cash_receipt', 'invoice_status', 'gl_distribution'],
  order_to_cash: ['customer', 'sales_order', 'sales_order_line'],
};
export const RECORD_TITLES: Record<TargetRecord, string> = {
  cash_receipt: 'Cash receipt (ARCASH)',
  invoice_status: 'Invoice status (ARMAST/SOMAST)',
  gl_distribution: 'GL line (ARDIST)',
  customer: 'Customer (ARCUST)',
  sales_order: 'Sales order (SOMAST)',
  sales_order_line: 'Sales order line (SOTRAN)',
};

export type MappingRule =
  | { kind: 'path'; path: string }
  | { kind: 'constant'; value: string | number | boolean | null }
  | { kind: 'lookup'; path: string; table: Record<string, string>; otherwise: string | null }
  | { kind: 'expression'; expression: string };
/** target record → Sage Pro field → rule (flow-definition.ts FieldMappings). */
export type FieldMappings = Partial<Record<string, Record<string, MappingRule>>>;

export interface SampleEvent { id: string; source: string; type: string; format: string; receivedAt: string }
export interface SourceLeaf { path: string; format: string; samples: string[]; inArray: boolean; arrayPath: string | null; maxLength: number }
export interface Sources { format: string; leaves: SourceLeaf[]; arrays: { path: string; elements: number }[]; linesPath: string | null }
export interface TargetField {
  name: string; table: string; type: string; typeText: string; width: number | null; scale: number | null;
  required: boolean; description: string; defaultValue: string | null; settleOwns: string | null; code: string | null;
}
export interface Targets { record: TargetRecord; description: string; perLine: boolean; fields: TargetField[] }
export interface Candidate { path: string; confidence: number; reason: string }
export interface FieldSuggestion { field: string; target: string; required: boolean; settleOwns: string | null; abstained: string | null; candidates: Candidate[]; suggestion: Candidate | null }
export interface Suggestions { format: string; threshold: number; companyValues: boolean; fields: FieldSuggestion[] }
export interface RuleEvaluation { value: unknown; error: { message: string; position: number | null } | null }

export const sampleEvents = (flowId: string) =>
  gql<{ mappingSampleEvents: SampleEvent[] }>(
    'query SampleEvents($flowId: ID!) { mappingSampleEvents(flowId: $flowId, first: 10) { id source type format receivedAt } }', { flowId },
  ).then(d => d.mappingSampleEvents);

export const mappingSources = (flowId: string, sample: FlowSample) =>
  gql<{ mappingSources: Sources }>(
    `query Sources($flowId: ID!, $sample: FlowSampleInput!) {
      mappingSources(flowId: $flowId, sample: $sample) { format linesPath arrays { path elements } leaves { path format samples inArray arrayPath maxLength } }
    }`, { flowId, sample },
  ).then(d => d.mappingSources);

export const mappingTargets = (record: TargetRecord) =>
  gql<{ mappingTargets: Targets }>(
    `query Targets($record: TargetRecord!) {
      mappingTargets(record: $record) { record description perLine fields { name table type typeText width scale required description defaultValue settleOwns code } }
    }`, { record },
  ).then(d => d.mappingTargets);

/** `linesPath`: for a per-line record, the array a person chose its rows to come from. */
export const mappingSuggestions = (flowId: string, record: TargetRecord, sample: FlowSample, linesPath: string | null = null, threshold: number | null = null) =>
  gql<{ mappingSuggestions: Suggestions }>(
    `query Suggestions($flowId: ID!, $record: TargetRecord!, $sample: FlowSampleInput!, $threshold: Float, $linesPath: String) {
      mappingSuggestions(flowId: $flowId, record: $record, sample: $sample, threshold: $threshold, linesPath: $linesPath) {
        format threshold companyValues
        fields { field target required settleOwns abstained candidates { path confidence reason } suggestion { path confidence reason } }
      }
    }`, { flowId, record, sample, threshold, linesPath },
  ).then(d => d.mappingSuggestions);

export const recordDecision = (input: { flowId: string; record: TargetRecord; field: string; path: string; decision: 'ACCEPTED' | 'REJECTED'; format: string }) =>
  gql<{ recordMappingDecision: { counted: boolean; accepted: number; rejected: number } }>(
    'mutation Decide($input: MappingDecisionInput!) { recordMappingDecision(input: $input) { counted accepted rejected } }', { input },
  ).then(d => d.recordMappingDecision);

export const evaluateRule = (flowId: string, record: TargetRecord, field: string, rule: MappingRule, sample: FlowSample) =>
  gql<{ evaluateMappingRule: RuleEvaluation }>(
    `query Evaluate($flowId: ID!, $record: TargetRecord!, $field: String!, $rule: JSON!, $sample: FlowSampleInput!) {
      evaluateMappingRule(flowId: $flowId, record: $record, field: $field, rule: $rule, sample: $sample) { value error { message position } }
    }`, { flowId, record, field, rule, sample },
  ).then(d => d.evaluateMappingRule);
