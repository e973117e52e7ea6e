/**
 * The left side of the field mapper: a sample payload flattened into its leaves. Each leaf has its
 * path in mapping notation (`customer.email`, `line_items[].sku`: `[]` for every element of an
 * array), up to a few sample values and their inferred format. Elements of one array are read
 * together, so a leaf of an order line has the values of every line.
 */
import { inferFormat, type ValueFormat } from './value-format.js';

export interface SourceLeaf {
  /** Mapping path: dots between names, `[]` for array elements. */
  path: string;
  /** The names on the way, without array markers ('line_items', 'sku'). */
  segments: readonly string[];
  /** The innermost array the leaf is in (`line_items`), if any. */
  arrayPath?: string;
  /** Sample values as text (at most MAX_SAMPLES, distinct, in order). */
  samples: readonly string[];
  format: ValueFormat;
  /** Longest sample, in characters. */
  maxLength: number;
}

export interface SourceTree {
  leaves: readonly SourceLeaf[];
  /** Paths of arrays of objects (candidates for per-line targets), with their element count. */
  arrays: readonly { path: string; elements: number }[];
}

const MAX_SAMPLES = 5;
const MAX_DEPTH = 12;

/** Flattens a sample payload (or several samples of the same shape) into leaves. */
export function sourceTree(sample: unknown, ...more: unknown[]): SourceTree {
  const values = new Map<string, { segments: string[]; arrayPath?: string; raw: unknown[] }>();
  const arrays = new Map<string, number>();
  for (const one of [sample, ...more]) walk(one, '', [], undefined, 0, values, arrays);
  const leaves: SourceLeaf[] = [];
  for (const [path, entry] of values) {
    const name = entry.segments.at(-1) ?? path;
    const samples = distinctTexts(entry.raw);
    leaves.push({
      path,
      segments: entry.segments,
      ...(entry.arrayPath === undefined ? {} : { arrayPath: entry.arrayPath }),
      samples,
      format: inferFormat(entry.raw, name),
      maxLength: samples.reduce((longest, text) => Math.max(longest, text.length), 0),
    });
  }
  return { leaves, arrays: [...arrays].map(([path, elements]) => ({ path, elements })) };
}

function walk(
  value: unknown,
  path: string,
  segments: string[],
  arrayPath: string | undefined,
  depth: number,
  values: Map<string, { segments: string[]; arrayPath?: string; raw: unknown[] }>,
  arrays: Map<string, number>,
): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    const here = `${path}[]`;
    if (value.some(isRecord)) arrays.set(here, Math.max(arrays.get(here) ?? 0, value.length));
    for (const element of value) walk(element, here, segments, here, depth + 1, values, arrays);
    if (value.length === 0) record(values, here, segments, here, undefined);
    return;
  }
  if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key, [...segments, key], arrayPath, depth + 1, values, arrays);
    return;
  }
  if (path) record(values, path, segments, arrayPath, value);
}

function record(
  values: Map<string, { segments: string[]; arrayPath?: string; raw: unknown[] }>,
  path: string,
  segments: string[],
  arrayPath: string | undefined,
  value: unknown,
): void {
  let entry = values.get(path);
  if (!entry) {
    entry = { segments, ...(arrayPath === undefined ? {} : { arrayPath }), raw: [] };
    values.set(path, entry);
  }
  if (value !== undefined) entry.raw.push(value);
}

function distinctTexts(raw: readonly unknown[]): string[] {
  const texts: string[] = [];
  for (const value of raw) {
    if (value === null || value === undefined) continue;
    const text = String(value);
    if (!texts.includes(text)) texts.push(text);
    if (texts.length === MAX_SAMPLES) break;
  }
  return texts;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
