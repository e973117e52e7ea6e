/**
 * A flow's field mappings, compiled once when they are saved (or a version is loaded) and evaluated
 * per event. Compiling checks every rule against the target catalogue (sage-targets.ts): an unknown
 * record or field, a field Settle sets itself, a path that does not parse, a JSONata expression with
 * a syntax error (JSONata's position and message), an unsafe regular expression or a constant that
 * breaks the field's rule (money excepted: its currency is the document's) is an error naming
 * the rule, e.g. `cash_receipt.dtepaid`. Paths become accessors (source-path.ts), expressions
 * compiled JSONata with time, depth and size limits (expression-guard.ts).
 *
 * Evaluation (evaluate-mapping.ts) never throws for a rule: a rule that fails is an error of the
 * result and the other rules still run, so a preview shows every problem at once.
 */
import type jsonata from 'jsonata';
import { TARGET_RECORDS, type FieldMappings, type MappingRule, type TargetRecord } from '../definition/flow-definition.js';
import { checkValues } from './check-values.js';
import { compileExpression, DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from './expression-guard.js';
import { SAGE_TARGETS, targetField, type TargetField } from './sage-targets.js';
import { compileSteps, parsePath, pathText, type Accessor, type PathStep } from './source-path.js';

export type CompiledRule =
  | { kind: 'path'; path: string; read: Accessor; line?: LineRead }
  | { kind: 'constant'; value: string | number | boolean | null }
  | { kind: 'lookup'; path: string; read: Accessor; line?: LineRead; table: ReadonlyMap<string, string>; otherwise: string | null }
  | { kind: 'expression'; expression: string; evaluate: jsonata.Expression };

/** A per-line path ('lines[].sku'): the array it walks ('lines') and the accessor within one element. */
export interface LineRead {
  array: string;
  read: Accessor;
}

export interface CompiledField {
  record: TargetRecord;
  field: string;
  target: TargetField;
  rule: CompiledRule;
}

export interface CompiledMappings {
  records: Partial<Record<TargetRecord, readonly CompiledField[]>>;
  /** The source array sales_order_line rules walk ('lines'), when a rule names one with `[]`. */
  linesPath?: string;
}

export interface MappingError {
  record: string;
  field: string;
  /** 'cash_receipt.dtepaid' */
  rule: string;
  message: string;
  /** In the path or expression: JSONata's position for expressions, the 0-based character for paths. */
  position?: number;
}

export type CompileResult = { ok: true; compiled: CompiledMappings } | { ok: false; errors: MappingError[] };

export function compileMappings(mappings: FieldMappings, limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): CompileResult {
  const errors: MappingError[] = [];
  const records: CompiledMappings['records'] = {};
  for (const [record, fields] of Object.entries(mappings) as [string, Record<string, MappingRule> | undefined][]) {
    if (!(TARGET_RECORDS as readonly string[]).includes(record)) {
      errors.push({ record, field: '', rule: record, message: `${record}: not a target record (one of ${TARGET_RECORDS.join(', ')})` });
      continue;
    }
    const compiled: CompiledField[] = [];
    for (const [field, rule] of Object.entries(fields ?? {})) {
      const result = compileRule(record as TargetRecord, field, rule, limits);
      if ('error' in result) errors.push(result.error);
      else compiled.push(result.field);
    }
    records[record as TargetRecord] = compiled;
  }
  const lines = linesPathOf(records.sales_order_line ?? []);
  if ('error' in lines) errors.push(lines.error);
  if (errors.length > 0 || 'error' in lines) return { ok: false, errors };
  return { ok: true, compiled: { records, ...(lines.path === undefined ? {} : { linesPath: lines.path }) } };
}

/** One rule alone: what the field mapper checks as a person types. */
export function compileRule(
  record: TargetRecord,
  field: string,
  rule: MappingRule,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
): { field: CompiledField } | { error: MappingError } {
  const name = `${record}.${field}`;
  const fail = (message: string, position?: number) => ({
    error: { record, field, rule: name, message: `${name}: ${message}`, ...(position === undefined ? {} : { position }) },
  });
  const target = targetField(record, field);
  if (!target) return fail(`not a field of ${record} (${SAGE_TARGETS[record].fields.map((f) => f.name).join(', ')})`);
  if (target.settleOwns !== undefined) return fail(`set by Settle, not by a mapping: ${target.settleOwns}`);
  const perLine = SAGE_TARGETS[record].perLine;
  switch (rule.kind) {
    case 'constant': {
      // A constant can be checked now; money waits for the document's currency (checkValues).
      const broken = target.rule.type === 'money' ? [] : checkValues(record, { [field]: rule.value }, { currency: 'XXX' }).errors;
      if (broken.length > 0) return fail(`the constant ${broken[0].value} breaks ${broken[0].broken}`);
      return { field: { record, field, target, rule: { kind: 'constant', value: rule.value } } };
    }
    case 'path':
    case 'lookup': {
      const parsed = parsePath(rule.path);
      if (!parsed.ok) return fail(`path ${JSON.stringify(rule.path)}: expected ${parsed.message} at position ${parsed.position}`, parsed.position);
      const eachAt = parsed.steps.findIndex((step) => step.kind === 'each');
      if (eachAt >= 0 && !perLine) return fail(`path ${JSON.stringify(rule.path)}: "[]" maps one value per array element, only for per-line records (sales_order_line)`, rule.path.indexOf('[]'));
      const reads = { read: compileSteps(parsed.steps), ...(eachAt >= 0 ? { line: lineRead(parsed.steps, eachAt) } : {}) };
      if (rule.kind === 'path') return { field: { record, field, target, rule: { kind: 'path', path: rule.path, ...reads } } };
      const table = new Map(Object.entries(rule.table));
      return { field: { record, field, target, rule: { kind: 'lookup', path: rule.path, ...reads, table, otherwise: rule.otherwise } } };
    }
    case 'expression': {
      const compiled = compileExpression(rule.expression, limits);
      if (!compiled.ok) return fail(compiled.message, compiled.position);
      return { field: { record, field, target, rule: { kind: 'expression', expression: rule.expression, evaluate: compiled.expression } } };
    }
  }
}

function lineRead(steps: readonly PathStep[], eachAt: number): LineRead {
  return { array: pathText(steps.slice(0, eachAt)), read: compileSteps(steps.slice(eachAt + 1)) };
}

/** All per-line paths of sales_order_line must walk the same array. */
function linesPathOf(fields: readonly CompiledField[]): { path?: string } | { error: MappingError } {
  let path: string | undefined;
  for (const { field, rule } of fields) {
    const line = rule.kind === 'path' || rule.kind === 'lookup' ? rule.line : undefined;
    if (!line) continue;
    path ??= line.array;
    if (line.array !== path) {
      const name = `sales_order_line.${field}`;
      return { error: { record: 'sales_order_line', field, rule: name, message: `${name}: walks ${line.array}[] but other lines walk ${path}[]; one source array gives the lines` } };
    }
  }
  return { path };
}
