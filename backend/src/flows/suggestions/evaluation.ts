/**
 * How good the suggestions are on labelled cases: top-1, top-3, mean reciprocal rank and abstention
 * precision, cold (no priors) and warm (after a person accepted the right source and rejected a wrong
 * top suggestion in every other case of the same source format: leave-one-out, so a case never
 * learns from itself). `npm run eval:mappings` prints it.
 */
import { countDecision, type DecisionCount } from './priors.js';
import { sourceTree } from './source-tree.js';
import { suggestMappings, type SuggestOptions, type TableSuggestions } from './suggest.js';
import { suggestTarget } from './target-spec.js';

export interface EvalCase {
  name: string;
  format: string;
  sample: unknown;
  /** Sage Pro table, lower case (arcash). */
  target: string;
  /** Column → the source path a careful consultant maps, or null where nothing fits. */
  expected: Record<string, string | null>;
  /** Known Sage Pro values ('arcust.custno' → values), when the case has a company. */
  companyValues?: Record<string, string[]>;
}

export interface Score {
  /** Fields with an expected source. */
  fields: number;
  top1: number;
  top3: number;
  reciprocalRanks: number;
  /** Fields expected null. */
  nullFields: number;
  abstained: number;
}

export interface CaseResult {
  name: string;
  format: string;
  target: string;
  cold: Score;
  warm: Score;
  /** Fields the cold or warm suggestions got wrong: field, expected, suggested (or none). */
  misses: { field: string; expected: string | null; suggested: string | null; warm: string | null }[];
}

export interface EvalReport {
  cases: CaseResult[];
  cold: Score;
  warm: Score;
}

/** Checks a parsed case file, naming what is wrong. */
export function parseCase(value: unknown, file: string): EvalCase {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const entry = value as Record<string, unknown>;
  if (typeof entry.name !== 'string') fail('"name" must be text');
  if (typeof entry.format !== 'string') fail('"format" must be text');
  if (typeof entry.target !== 'string' || suggestTarget(entry.target) === undefined) fail(`"target" must be a Sage Pro table (arcash, armast, arcust, somast, sotran, ardist)`);
  if (typeof entry.expected !== 'object' || entry.expected === null) fail('"expected" must be an object');
  const target = suggestTarget(entry.target as string)!;
  for (const [field, path] of Object.entries(entry.expected as Record<string, unknown>)) {
    if (!target.fields.some((known) => known.name === field)) fail(`"expected.${field}" is not a column of ${target.table}`);
    if (path !== null && typeof path !== 'string') fail(`"expected.${field}" must be a path or null`);
  }
  return value as EvalCase;
}

/** Scores every case cold and warm. */
export function evaluateCases(cases: readonly EvalCase[], threshold?: number): EvalReport {
  const cold = cases.map((one) => suggestFor(one, { ...(threshold === undefined ? {} : { threshold }) }));
  const results = cases.map((one, index): CaseResult => {
    const tenant = new Map<string, DecisionCount>();
    cases.forEach((other, otherIndex) => {
      if (otherIndex === index || other.format !== one.format) return;
      recordReview(tenant, other, cold[otherIndex]);
    });
    const warm = suggestFor(one, { priors: { tenant }, ...(threshold === undefined ? {} : { threshold }) });
    return {
      name: one.name,
      format: one.format,
      target: one.target,
      cold: score(one, cold[index]),
      warm: score(one, warm),
      misses: Object.entries(one.expected)
        .map(([field, expected]) => ({ field, expected, suggested: topOf(cold[index], field), warm: topOf(warm, field) }))
        .filter((miss) => miss.suggested !== miss.expected || miss.warm !== miss.expected),
    };
  });
  return { cases: results, cold: sum(results.map((result) => result.cold)), warm: sum(results.map((result) => result.warm)) };
}

/** What a person reviewing a case's suggestions decides: the right source accepted, a wrong top suggestion rejected. */
function recordReview(counts: Map<string, DecisionCount>, one: EvalCase, suggestions: TableSuggestions): void {
  for (const [field, expected] of Object.entries(one.expected)) {
    const key = `${one.target}.${field}`;
    const suggested = topOf(suggestions, field);
    if (expected !== null) countDecision(counts, one.format, expected, key, 'accepted');
    if (suggested !== null && suggested !== expected) countDecision(counts, one.format, suggested, key, 'rejected');
  }
}

function suggestFor(one: EvalCase, options: SuggestOptions): TableSuggestions {
  const companyValues = one.companyValues ? new Map(Object.entries(one.companyValues).map(([key, values]) => [key, new Set(values)] as const)) : undefined;
  return suggestMappings(sourceTree(one.sample), suggestTarget(one.target)!, { ...options, format: one.format, ...(companyValues ? { companyValues } : {}) });
}

function topOf(suggestions: TableSuggestions, field: string): string | null {
  return suggestions.fields.find((entry) => entry.field === field)?.suggestion?.path ?? null;
}

function score(one: EvalCase, suggestions: TableSuggestions): Score {
  const result: Score = { fields: 0, top1: 0, top3: 0, reciprocalRanks: 0, nullFields: 0, abstained: 0 };
  for (const [field, expected] of Object.entries(one.expected)) {
    const entry = suggestions.fields.find((candidate) => candidate.field === field);
    if (expected === null) {
      result.nullFields++;
      if (!entry?.suggestion) result.abstained++;
      continue;
    }
    result.fields++;
    if (entry?.suggestion?.path === expected) result.top1++;
    const rank = (entry?.candidates ?? []).findIndex((candidate) => candidate.path === expected);
    if (rank >= 0 && rank < 3) result.top3++;
    if (rank >= 0) result.reciprocalRanks += 1 / (rank + 1);
  }
  return result;
}

function sum(scores: readonly Score[]): Score {
  return scores.reduce(
    (total, one) => ({
      fields: total.fields + one.fields,
      top1: total.top1 + one.top1,
      top3: total.top3 + one.top3,
      reciprocalRanks: total.reciprocalRanks + one.reciprocalRanks,
      nullFields: total.nullFields + one.nullFields,
      abstained: total.abstained + one.abstained,
    }),
    { fields: 0, top1: 0, top3: 0, reciprocalRanks: 0, nullFields: 0, abstained: 0 },
  );
}

export interface Rates {
  top1: number;
  top3: number;
  mrr: number;
  abstentionPrecision: number;
}

export function rates(score: Score): Rates {
  const per = (count: number, of: number) => (of === 0 ? 1 : count / of);
  return { top1: per(score.top1, score.fields), top3: per(score.top3, score.fields), mrr: per(score.reciprocalRanks, score.fields), abstentionPrecision: per(score.abstained, score.nullFields) };
}

const f2 = (value: number) => value.toFixed(2);

/** The report's lines: one per case, the totals, and the summary line last. */
export function reportLines(report: EvalReport, verbose = false): string[] {
  const lines: string[] = [];
  for (const result of report.cases) {
    const cold = rates(result.cold);
    const warm = rates(result.warm);
    lines.push(
      `${result.name} [${result.format} → ${result.target}] ${result.cold.fields}+${result.cold.nullFields} fields: cold top-1 ${f2(cold.top1)}, top-3 ${f2(cold.top3)}, MRR ${f2(cold.mrr)}, abstention ${f2(cold.abstentionPrecision)}; warm top-1 ${f2(warm.top1)}, abstention ${f2(warm.abstentionPrecision)}`,
    );
    if (verbose) for (const miss of result.misses) lines.push(`    ${miss.field}: expected ${miss.expected ?? 'none'}, cold ${miss.suggested ?? 'none'}, warm ${miss.warm ?? 'none'}`);
  }
  const cold = rates(report.cold);
  const warm = rates(report.warm);
  const fields = report.cold.fields + report.cold.nullFields;
  lines.push(
    `total: ${fields} labelled fields (${report.cold.fields} with a source, ${report.cold.nullFields} without) in ${report.cases.length} cases of ${new Set(report.cases.map((result) => result.format)).size} formats`,
    `cold: top-1 ${f2(cold.top1)}, top-3 ${f2(cold.top3)}, MRR ${f2(cold.mrr)}, abstention precision ${f2(cold.abstentionPrecision)}`,
    `warm: top-1 ${f2(warm.top1)}, top-3 ${f2(warm.top3)}, MRR ${f2(warm.mrr)}, abstention precision ${f2(warm.abstentionPrecision)}`,
    `mapping suggestions: cold top-1 ${f2(cold.top1)}, top-3 ${f2(cold.top3)}, MRR ${f2(cold.mrr)}; warm top-1 ${f2(warm.top1)} over ${fields} fields in ${report.cases.length} cases`,
  );
  return lines;
}
