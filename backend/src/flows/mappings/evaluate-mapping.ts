/**
 * Compiled field mappings applied to one source (an event, a sample): the values of each target
 * record, every rule that fired and every rule that failed. Nothing here throws for a rule and
 * nothing writes: the pipeline checks the values (check-values.ts) and hands them to the connector;
 * preview shows them as they are.
 *
 * JSONata 2 evaluates asynchronously, so evaluation is async. Each expression runs within the limits
 * it was compiled with (expression-guard.ts); rules run one after another, so a mapping takes at most
 * its number of expressions × the time limit.
 *
 * Per-line records (sales_order_line) are evaluated once per element of a source array
 * (evaluateLines): a path `lines[].sku` reads the element's `sku`, a path without `[]` reads the
 * whole source, and an expression sees the element as its input (`$`), the whole source as
 * `$source` and the element's 0-based position as `$index`.
 */
import type { MappingRule, TargetRecord } from '../definition/flow-definition.js';
import type { CompiledField, CompiledMappings, CompiledRule } from './compile-mapping.js';
import { jsonataError } from './expression-guard.js';
import { compileSteps, parsePath } from './source-path.js';

export interface FiredRule {
  field: string;
  kind: MappingRule['kind'];
  /** For a lookup: which entry matched, or 'otherwise'. */
  detail?: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface RecordEvaluation {
  record: TargetRecord;
  values: Record<string, unknown>;
  fired: FiredRule[];
  errors: FieldError[];
}

export interface EvaluateOptions {
  /** More JSONata variables for expressions (e.g. a function giving Sage Pro dates in the tenant's zone). */
  bindings?: Record<string, unknown>;
}

interface Line {
  element: unknown;
  index: number;
  array: string;
}

/** The values of one (not per-line) record; an unmapped record gives none. */
export async function evaluateRecord(compiled: CompiledMappings, record: TargetRecord, source: unknown, options: EvaluateOptions = {}): Promise<RecordEvaluation> {
  return evaluateFields(record, compiled.records[record] ?? [], source, undefined, options);
}

/**
 * sales_order_line once per element of the array at `arrayPath` (default: the array the rules walk,
 * else 'lines'). A source without that array gives no lines and an error.
 */
export async function evaluateLines(
  compiled: CompiledMappings,
  source: unknown,
  arrayPath: string = compiled.linesPath ?? 'lines',
  options: EvaluateOptions = {},
): Promise<{ lines: RecordEvaluation[]; errors: FieldError[] }> {
  const parsed = parsePath(arrayPath);
  const elements = parsed.ok ? compileSteps(parsed.steps)(source) : undefined;
  if (!Array.isArray(elements)) return { lines: [], errors: [{ field: '', message: `sales_order_line: the source has no array ${arrayPath} to make lines of` }] };
  const fields = compiled.records.sales_order_line ?? [];
  const lines: RecordEvaluation[] = [];
  for (const [index, element] of elements.entries()) {
    lines.push(await evaluateFields('sales_order_line', fields, source, { element, index, array: arrayPath }, options));
  }
  return { lines, errors: [] };
}

/** Every mapped record: the single records, and the lines when sales_order_line is mapped. */
export async function evaluateAll(
  compiled: CompiledMappings,
  source: unknown,
  options: EvaluateOptions = {},
): Promise<{ records: Partial<Record<TargetRecord, RecordEvaluation>>; lines?: RecordEvaluation[]; errors: FieldError[] }> {
  const records: Partial<Record<TargetRecord, RecordEvaluation>> = {};
  for (const record of Object.keys(compiled.records) as TargetRecord[]) {
    if (record !== 'sales_order_line') records[record] = await evaluateRecord(compiled, record, source, options);
  }
  if (!compiled.records.sales_order_line) return { records, errors: [] };
  const { lines, errors } = await evaluateLines(compiled, source, undefined, options);
  return { records, lines, errors };
}

async function evaluateFields(record: TargetRecord, fields: readonly CompiledField[], source: unknown, line: Line | undefined, options: EvaluateOptions): Promise<RecordEvaluation> {
  const result: RecordEvaluation = { record, values: {}, fired: [], errors: [] };
  for (const { field, rule } of fields) {
    try {
      const { value, detail } = await evaluateRule(rule, source, line, options);
      result.values[field] = value;
      result.fired.push({ field, kind: rule.kind, ...(detail === undefined ? {} : { detail }) });
    } catch (error) {
      result.errors.push({ field, message: `${record}.${field}: ${jsonataError(error).message}` });
    }
  }
  return result;
}

async function evaluateRule(rule: CompiledRule, source: unknown, line: Line | undefined, options: EvaluateOptions): Promise<{ value: unknown; detail?: string }> {
  switch (rule.kind) {
    case 'constant':
      return { value: rule.value };
    case 'path':
      return { value: read(rule, source, line) };
    case 'lookup': {
      const key = lookupKey(read(rule, source, line));
      if (key !== undefined && rule.table.has(key)) return { value: rule.table.get(key), detail: JSON.stringify(key) };
      return { value: rule.otherwise, detail: 'otherwise' };
    }
    case 'expression': {
      const input = line ? line.element : source;
      const bindings = { ...options.bindings, source, ...(line ? { index: line.index } : {}) };
      return { value: plainValue(await rule.evaluate.evaluate(input, bindings)) };
    }
  }
}

function read(rule: Extract<CompiledRule, { kind: 'path' | 'lookup' }>, source: unknown, line: Line | undefined): unknown {
  if (!rule.line) return rule.read(source);
  if (!line) throw new Error(`the path ${rule.path} reads one element per line: evaluate the lines (evaluateLines)`);
  if (rule.line.array !== line.array) throw new Error(`the path ${rule.path} walks ${rule.line.array}[], but the lines are made of ${line.array}`);
  return rule.line.read(line.element);
}

function lookupKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** JSONata's sequences are arrays with flags; a function is not a value a field can hold. */
function plainValue(value: unknown): unknown {
  if (typeof value === 'function' || (typeof value === 'object' && value !== null && '_jsonata_lambda' in value)) {
    throw new Error('the expression gives a function, not a value');
  }
  return Array.isArray(value) ? Array.from(value, plainValue) : value;
}
