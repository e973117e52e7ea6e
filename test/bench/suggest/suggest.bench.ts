/**
 * bench:suggest — how long the field-mapping suggester takes for 100 source fields × 60 target fields
 * (issue #14: under 150 ms at p95), next to the naive matcher (a source field whose last name equals
 * the column's, lower case) on the same input in the same run. Each run builds the source tree from
 * the sample and ranks every column, as the mapper does when a person opens it; priors and known
 * company values are given, as a connected tenant has them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { countDecision, type DecisionCount } from '../../../backend/src/flows/suggestions/priors.js';
import { sourceTree, type SourceTree } from '../../../backend/src/flows/suggestions/source-tree.js';
import { suggestMappings } from '../../../backend/src/flows/suggestions/suggest.js';
import { suggestTarget, type SuggestTarget } from '../../../backend/src/flows/suggestions/target-spec.js';

const WORDS = ['customer', 'invoice', 'order', 'payment', 'billing', 'shipping', 'line', 'item', 'tax', 'discount', 'total', 'amount', 'date', 'number', 'email', 'phone', 'city', 'state', 'zip', 'country', 'price', 'quantity', 'sku', 'note', 'reference', 'status'];

/** A sample with 100 leaves: 70 header fields over nested objects and 30 on the lines (3 lines). */
export function benchSample(): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (let i = 0; i < 70; i++) {
    const group = `${WORDS[i % 7]}_info`;
    const name = `${WORDS[(i * 5) % WORDS.length]}_${WORDS[(i * 11 + 3) % WORDS.length]}${i}`;
    const value = i % 5 === 0 ? `${(i * 7.25).toFixed(2)}` : i % 5 === 1 ? '2026-11-03T10:00:00Z' : i % 5 === 2 ? `DOC-${1000 + i}` : i % 5 === 3 ? `person${i}@example.com` : `Some text ${i}`;
    const target = (sample[group] ??= {}) as Record<string, unknown>;
    target[name] = value;
  }
  sample.line_items = [0, 1, 2].map((line) => {
    const entry: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) entry[`${WORDS[(i * 3) % WORDS.length]}_${i}`] = i % 3 === 0 ? line + i : i % 3 === 1 ? `SKU-${line}-${i}` : `${(line + i * 1.5).toFixed(2)}`;
    return entry;
  });
  return sample;
}

/** 60 target fields: all of ARCUST's (40) and the first 20 of SOMAST's, as one table. */
export function benchTarget(): SuggestTarget {
  const arcust = suggestTarget('arcust')!;
  const somast = suggestTarget('somast')!;
  return { table: 'arcust', perLine: false, fields: [...arcust.fields, ...somast.fields.slice(0, 60 - arcust.fields.length)] };
}

function naive(tree: SourceTree, target: SuggestTarget): Map<string, string> {
  const found = new Map<string, string>();
  for (const field of target.fields) {
    const leaf = tree.leaves.find((candidate) => (candidate.segments.at(-1) ?? '').toLowerCase() === field.name);
    if (leaf) found.set(field.name, leaf.path);
  }
  return found;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function main(args: string[]): Promise<number> {
  const runs = Number(args.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 300);
  const sample = benchSample();
  const target = benchTarget();
  const tree = sourceTree(sample);
  if (tree.leaves.length !== 100 || target.fields.length !== 60) throw new Error(`bench input is ${tree.leaves.length} × ${target.fields.length}, not 100 × 60`);
  const tenant = new Map<string, DecisionCount>();
  const global = new Map<string, DecisionCount>();
  tree.leaves.slice(0, 40).forEach((leaf, i) => countDecision(i % 2 ? tenant : global, 'bench', leaf.path, `arcust.${target.fields[i % 60].name}`, i % 3 ? 'accepted' : 'rejected'));
  const companyValues = new Map([['arcust.custno', new Set(Array.from({ length: 5000 }, (_, i) => `C${i}`))]]);
  const options = { format: 'bench', priors: { tenant, global }, companyValues };

  // Warm-up: let the JIT compile both paths.
  for (let i = 0; i < 30; i++) {
    suggestMappings(sourceTree(sample), target, options);
    naive(sourceTree(sample), target);
  }
  const settle: number[] = [];
  const baseline: number[] = [];
  let suggested = 0;
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs on a cooler cache.
    const order = i % 2 ? ['baseline', 'settle'] : ['settle', 'baseline'];
    for (const phase of order) {
      const start = process.hrtime.bigint();
      if (phase === 'settle') suggested = suggestMappings(sourceTree(sample), target, options).fields.filter((field) => field.suggestion).length;
      else naive(sourceTree(sample), target);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      (phase === 'settle' ? settle : baseline).push(ms);
    }
  }
  settle.sort((a, b) => a - b);
  baseline.sort((a, b) => a - b);
  const result = {
    runs,
    sourceFields: tree.leaves.length,
    targetFields: target.fields.length,
    suggested,
    settle: { p50: percentile(settle, 50), p95: percentile(settle, 95), max: settle.at(-1)! },
    baseline: { p50: percentile(baseline, 50), p95: percentile(baseline, 95), max: baseline.at(-1)! },
  };
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(`bench:suggest — ${result.sourceFields} source × ${result.targetFields} target fields, ${runs} runs each (tree built from the sample every run)`);
  console.log(`suggester:               p50 ${f(result.settle.p50)}, p95 ${f(result.settle.p95)}, max ${f(result.settle.max)} (${suggested} fields suggested)`);
  console.log(`baseline (name equality): p50 ${f(result.baseline.p50)}, p95 ${f(result.baseline.p95)}, max ${f(result.baseline.max)}`);
  console.log(`target p95 < 150 ms: ${result.settle.p95 < 150 ? 'met' : 'NOT met'}`);
  mkdirSync('.data/bench', { recursive: true });
  writeFileSync('.data/bench/suggest.json', `${JSON.stringify(result, null, 2)}\n`);
  return result.settle.p95 < 150 ? 0 : 1;
}
