/**
 * The live answer under the mapper's JSONata editor: one rule of one field, compiled with the
 * mappings' own guardrails (compileRule: time, depth and sequence limits, unsafe regular
 * expressions refused) and evaluated on the sample as the pipeline would. A broken rule is a normal
 * answer (message and, where known, position), never a thrown error: the editor shows it under the line.
 */
import type { MappingRule, TargetRecord } from '../definition/flow-definition.js';
import { compileRule, type CompiledMappings } from '../mappings/compile-mapping.js';
import { checkValues } from '../mappings/check-values.js';
import { evaluateLines, evaluateRecord } from '../mappings/evaluate-mapping.js';
import { SAGE_TARGETS } from '../mappings/sage-targets.js';
import { linesArray } from '../suggestions/suggest.js';
import { sourceTree } from '../suggestions/source-tree.js';

export interface RuleEvaluation {
  /** The value (a per-line record: one per line, in order); null with an error. */
  value: unknown;
  error: { message: string; position: number | null } | null;
}

/** `rule` for `record.field` on `source`. */
export async function evaluateRule(record: TargetRecord, field: string, rule: MappingRule, source: unknown): Promise<RuleEvaluation> {
  const compiled = compileRule(record, field, rule);
  if ('error' in compiled) return { value: null, error: { message: compiled.error.message, position: compiled.error.position ?? null } };
  const mappings: CompiledMappings = { records: { [record]: [compiled.field] } };
  if (!SAGE_TARGETS[record].perLine) {
    const evaluation = await evaluateRecord(mappings, record, source);
    return answer(evaluation.values[field], [...evaluation.errors, ...broken(record, field, evaluation.values, source)]);
  }
  const rulePath = compiled.field.rule.kind === 'path' || compiled.field.rule.kind === 'lookup' ? compiled.field.rule.line?.array : undefined;
  // The lines come from the array the rule walks, else the one the suggester takes as the lines.
  const arrayPath = rulePath ?? linesArray(sourceTree(source))?.replace(/\[\]$/, '') ?? 'lines';
  const { lines, errors } = await evaluateLines(mappings, source, arrayPath);
  if (errors.length) return answer(undefined, errors);
  const lineErrors = lines.flatMap((line, index) =>
    [...line.errors, ...broken(record, field, line.values, source)].map((error) => ({ ...error, message: `line ${index + 1}: ${error.message}` })),
  );
  return answer(lines.map((line) => line.values[field] ?? null), lineErrors);
}

/** A value that breaks the field's Sage Pro rule (too long, not a date, …), as publishing would flag it. */
function broken(record: TargetRecord, field: string, values: Record<string, unknown>, source: unknown): { message: string }[] {
  if (!(field in values)) return [];
  const currency = typeof (source as { currency?: unknown } | null)?.currency === 'string' ? (source as { currency: string }).currency.toUpperCase() : 'USD';
  return checkValues(record, { [field]: values[field] }, { currency }).errors.map((error) => ({ message: error.message }));
}

function answer(value: unknown, errors: readonly { message: string }[]): RuleEvaluation {
  if (errors.length) return { value: null, error: { message: errors[0].message, position: positionIn(errors[0]) } };
  return { value: value === undefined ? null : value, error: null };
}

/** A run-time JSONata error keeps its position in the message ('… at position 7'). */
function positionIn(error: { message: string; position?: number }): number | null {
  if (typeof error.position === 'number') return error.position;
  const found = /position (\d+)/.exec(error.message);
  return found ? Number(found[1]) : null;
}
