/**
 * A flow version's field mappings run on one shop order: the customer, sales order and line records
 * evaluated (evaluate-mapping.ts) and checked against Sage Pro's field rules (check-values.ts), every
 * problem named by its rule ('sales_order.ponum'). Nothing here writes: the workflow puts the values
 * into the connector's inputs (order-inputs.ts) only when there is no error.
 *
 * A version's mappings are compiled once: versions are immutable once published, so the compiled form
 * is kept by version id (or by the definition's mappings object for a version without one).
 */
import type { FieldMappings, MappingRule, TargetRecord } from '../definition/flow-definition.js';
import { checkValues } from './check-values.js';
import { type CompileResult, compileMappings, type CompiledMappings } from './compile-mapping.js';
import { evaluateLines, evaluateRecord, type RecordEvaluation } from './evaluate-mapping.js';
import type { OrderMappedValues, SageValues } from './order-inputs.js';

export interface OrderMappingError {
  /** 'sales_order.ponum' */
  rule: string;
  message: string;
  value?: string;
}

export interface FiredOrderRule {
  /** 'sales_order.ponum' */
  rule: string;
  kind: MappingRule['kind'];
  /** A lookup's matched entry (or 'otherwise'); for lines, one per line. */
  detail?: string | string[];
}

export interface OrderMapping {
  values: OrderMappedValues;
  fired: FiredOrderRule[];
  errors: OrderMappingError[];
}

const ORDER_RECORDS: readonly TargetRecord[] = ['customer', 'sales_order', 'sales_order_line'];
const CACHED_VERSIONS = 500;
const byVersion = new Map<string, CompileResult>();
const byMappings = new WeakMap<object, CompileResult>();

/** Whether the mappings set any field of an order's records (the default flows set none). */
export function mapsOrder(mappings: FieldMappings | undefined): mappings is FieldMappings {
  return ORDER_RECORDS.some((record) => Object.keys(mappings?.[record] ?? {}).length > 0);
}

/** The version's compiled mappings, compiled the first time a version is seen. */
export function compiledForVersion(versionId: string | null, mappings: FieldMappings): CompileResult {
  const cached = versionId ? byVersion.get(versionId) : byMappings.get(mappings);
  if (cached) return cached;
  const result = compileMappings(mappings);
  if (versionId) {
    if (byVersion.size >= CACHED_VERSIONS) byVersion.delete(byVersion.keys().next().value!);
    byVersion.set(versionId, result);
  } else byMappings.set(mappings, result);
  return result;
}

/**
 * The order's mapped values in Sage Pro's form. `withCustomer`: whether a customer is being created
 * (an existing customer is not written, so its rules neither run nor fail). Money is in `currency`.
 */
export async function mapOrder(compiled: CompiledMappings, order: unknown, options: { currency: string; withCustomer: boolean }): Promise<OrderMapping> {
  const result: OrderMapping = { values: {}, fired: [], errors: [] };
  const context = { currency: options.currency };
  const single = async (record: 'customer' | 'sales_order') => {
    if (!compiled.records[record]?.length) return;
    const evaluation = await evaluateRecord(compiled, record, order);
    result.values[record] = checked(evaluation, context, result);
    fire(result, record, [evaluation]);
  };
  if (options.withCustomer) await single('customer');
  await single('sales_order');
  if (compiled.records.sales_order_line?.length) {
    const { lines, errors } = await evaluateLines(compiled, order);
    result.errors.push(...errors.map((error) => ({ rule: 'sales_order_line', message: error.message })));
    result.values.lines = lines.map((line, index) => checked(line, context, result, `line ${index + 1}: `));
    fire(result, 'sales_order_line', lines);
  }
  return result;
}

function checked(evaluation: RecordEvaluation, context: { currency: string }, result: OrderMapping, where = ''): SageValues {
  for (const error of evaluation.errors) result.errors.push({ rule: `${evaluation.record}.${error.field}`, message: where + error.message });
  const good = Object.fromEntries(Object.entries(evaluation.values).filter(([field]) => !evaluation.errors.some((e) => e.field === field)));
  const values = checkValues(evaluation.record, good, context);
  for (const error of values.errors) result.errors.push({ rule: error.rule, message: where + error.message, value: error.value });
  return values.values;
}

/** The rules that fired, once per rule; a per-line lookup lists what matched on each line. */
function fire(result: OrderMapping, record: TargetRecord, evaluations: readonly RecordEvaluation[]): void {
  const byRule = new Map<string, FiredOrderRule>();
  for (const evaluation of evaluations) {
    for (const { field, kind, detail } of evaluation.fired) {
      const rule = `${record}.${field}`;
      const seen = byRule.get(rule) ?? { rule, kind };
      if (detail !== undefined) seen.detail = record === 'sales_order_line' ? [...((seen.detail as string[] | undefined) ?? []), detail] : detail;
      byRule.set(rule, seen);
    }
  }
  result.fired.push(...byRule.values());
}
