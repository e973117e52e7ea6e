/**
 * The suggester: for every column of a Sage Pro table, the source leaves that could fill it, ranked
 * by a confidence in [0, 1] with a one-line reason, or "no good source" when none reaches the
 * threshold (a wrong guess costs a person more than an empty field). Local and deterministic: names
 * (tokenised and read through the dictionary), the format and width of sample values, values the
 * Sage Pro company already knows, and what people accepted or rejected before.
 */
import type { FieldRule } from '../../sagepro/field-rules.js';
import { ruleText } from '../mappings/sage-targets.js';
import { applyPriors, type Priors } from './priors.js';
import type { SourceLeaf, SourceTree } from './source-tree.js';
import type { SuggestTarget, SuggestTargetField } from './target-spec.js';
import { canonicalWord, nameWords } from './tokens.js';
import type { ValueFormat } from './value-format.js';
import {
  CONTRAST_WORDS,
  FIELD_ALIASES,
  FIELD_EXPECTS,
  FILLER_WORDS,
  INCLUDING_WORDS,
  LINE_ARRAY_WORDS,
  LINE_ONLY_COLUMNS,
  OWN_NAME_WEIGHT,
  TABLE_CONTEXT,
  VALUE_DOMAINS,
  type Alias,
} from './vocabulary.js';

export const DEFAULT_THRESHOLD = 0.5;
const LIST_FLOOR = 0.1;

export interface SuggestOptions {
  /** The source format ('shopify-order'): the key of the priors. */
  format?: string;
  priors?: Priors;
  /** Known values of the Sage Pro company by 'table.column' (arcust.custno). */
  companyValues?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Below it the suggester abstains (default 0.5). */
  threshold?: number;
  /** Candidates listed per field (default 5). */
  limit?: number;
  /** Only these columns (the mapper asks for the unmapped ones); default every column. */
  fields?: readonly string[];
  /** For a per-line table: the array its rows come from, as a person chose it; default `linesArray(tree)`. */
  linesPath?: string;
}

export interface Candidate {
  path: string;
  confidence: number;
  reason: string;
}

export interface FieldSuggestion {
  field: string;
  required: boolean;
  settleOwns?: string;
  /** Best first; may include candidates under the threshold, for a person to pick from. */
  candidates: Candidate[];
  /** The top candidate when it reaches the threshold. */
  suggestion?: Candidate;
  /** 'no good source' when nothing reaches the threshold. */
  abstained?: 'no good source';
}

export interface TableSuggestions {
  table: string;
  /** For a per-line table: the source array its rows come from. */
  linesPath?: string;
  fields: FieldSuggestion[];
}

interface PreparedLeaf {
  leaf: SourceLeaf;
  index: number;
  name: string;
  last: Set<string>;
  lastCount: number;
  parents: Set<string>;
  /** What a parent word counts for: a root leaf's parent is the payload itself (the format's name), which counts more. */
  parentWeight: number;
  /** Words of the leaf's own name that change its meaning (discount, tax, refunded, …). */
  contrast: string[];
  /** The same in its parents' names (tax.name, shipping_address.city). */
  parentContrast: string[];
}

interface PreparedAlias {
  words: string[];
  weight: number;
  phrase: string;
}

/** Suggestions for every column of `target` from the leaves of `tree`. */
export function suggestMappings(tree: SourceTree, target: SuggestTarget, options: SuggestOptions = {}): TableSuggestions {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const limit = options.limit ?? 5;
  // A root leaf's parent is the payload itself: the format names it ('stripe-charge': `id` is the charge's id).
  const rootWords = options.format === undefined ? [] : meaningful(nameWords(options.format));
  const leaves = tree.leaves.map((leaf, index) => prepareLeaf(leaf, index, rootWords));
  const linesPath = target.perLine ? options.linesPath ?? linesArray(tree) : undefined;
  const wanted = options.fields === undefined ? target.fields : target.fields.filter((field) => options.fields!.includes(field.name));
  const fields = wanted.map((field) => {
    const ranked = rankField(leaves, target, field, linesPath, options, limit);
    const top = ranked[0];
    const base = { field: field.name, required: field.required, ...(field.settleOwns === undefined ? {} : { settleOwns: field.settleOwns }), candidates: ranked };
    return top !== undefined && top.confidence >= threshold ? { ...base, suggestion: top } : { ...base, abstained: 'no good source' as const };
  });
  return { table: target.table, ...(linesPath === undefined ? {} : { linesPath }), fields };
}

interface Scored {
  prepared: PreparedLeaf;
  raw: number;
  name: { score: number; phrase: string };
  fit: Fit;
  place: number;
  overlap?: number;
  prior?: string;
}

function rankField(leaves: readonly PreparedLeaf[], target: SuggestTarget, field: SuggestTargetField, linesPath: string | undefined, options: SuggestOptions, limit: number): Candidate[] {
  const key = `${target.table}.${field.name}`;
  const aliases = aliasesOf(target.table, field.name);
  const expects = FIELD_EXPECTS[field.name];
  const domain = options.companyValues?.has(key) ? key : VALUE_DOMAINS[field.name];
  const known = domain === undefined ? undefined : options.companyValues?.get(domain);
  const lineOnly = target.perLine && LINE_ONLY_COLUMNS.has(field.name);
  const scored: Scored[] = [];
  for (const prepared of leaves) {
    const { leaf } = prepared;
    const name = nameScore(aliases, prepared);
    const overlap = known === undefined ? undefined : valueOverlap(leaf, known);
    // Nothing in the name and no known value: only a prior could still make it a candidate.
    if (name.score === 0 && !(overlap !== undefined && overlap > 0) && options.priors === undefined) continue;
    const fit = formatFit(leaf, field.rule, expects);
    const place = placeFactor(leaf, lineOnly, target.perLine, linesPath) * contextFactor(target.table, prepared);
    let confidence = name.score * (0.3 + 0.7 * fit.score) * place;
    if (overlap !== undefined && overlap > 0) confidence = Math.max(confidence, (0.6 + 0.4 * overlap) * place);
    else if (overlap === 0 && name.score > 0) confidence *= 0.85;
    const prior = applyPriors(confidence, options.priors, options.format, leaf.path, key);
    if (prior.confidence < LIST_FLOOR) continue;
    scored.push({ prepared, raw: prior.confidence, name, fit, place, ...(overlap === undefined ? {} : { overlap }), ...(prior.reason === undefined ? {} : { prior: prior.reason }) });
  }
  // Ranked on the unrounded confidence: two leaves both above 1 before the cap still have an order.
  scored.sort((a, b) => b.raw - a.raw || a.prepared.index - b.prepared.index);
  return scored.slice(0, limit).map((entry) => ({ path: entry.prepared.leaf.path, confidence: round(entry.raw), reason: reasonOf(entry, field, target, domain) }));
}

/** The one-line reason, written only for the candidates listed. */
function reasonOf(entry: Scored, field: SuggestTargetField, target: SuggestTarget, domain: string | undefined): string {
  const reasons: string[] = [];
  if (entry.name.score > 0) reasons.push(`name: ${entry.prepared.name} ≈ ${field.name}${entry.name.phrase === field.name ? '' : ` (${entry.name.phrase})`}`);
  if (entry.name.score > 0 || entry.fit.score >= 1) reasons.push(fitText(entry.prepared.leaf, field.rule, entry.fit));
  if (entry.place < 1) reasons.push(target.perLine ? 'not on the order lines' : 'inside a list');
  if (entry.overlap !== undefined && entry.overlap > 0) reasons.push(`values: ${Math.round(entry.overlap * 100)}% found in ${domain}`);
  if (entry.prior !== undefined) reasons.push(entry.prior);
  return reasons.join('; ');
}

function prepareLeaf(leaf: SourceLeaf, index: number, rootWords: readonly string[]): PreparedLeaf {
  const name = leaf.segments.at(-1) ?? leaf.path;
  let lastWords = meaningful(nameWords(name));
  // amount.value: a leaf named only 'value' (or another filler) is what its parent names.
  const parentSegments = leaf.segments.slice(0, -1);
  if (lastWords.length === 0 && parentSegments.length > 0) lastWords = meaningful(nameWords(parentSegments[parentSegments.length - 1]));
  // 'total_inc_tax' is a total: "including tax" qualifies it.
  if (lastWords.some((word) => INCLUDING_WORDS.has(word))) lastWords = lastWords.filter((word) => word !== 'tax' && !INCLUDING_WORDS.has(word));
  // 'created' holding date-times is 'created date'.
  if ((leaf.format === 'date' || leaf.format === 'datetime') && !lastWords.includes('date')) lastWords = [...lastWords, 'date'];
  const root = leaf.segments.length <= 1;
  const parentWords = root ? rootWords : leaf.segments.slice(0, -1).flatMap((segment) => meaningful(nameWords(segment)));
  const last = new Set(lastWords);
  const parents = new Set(parentWords);
  const contrast = [...last].filter((word) => CONTRAST_WORDS.has(word));
  const parentContrast = [...parents].filter((word) => CONTRAST_WORDS.has(word) && !last.has(word));
  return { leaf, index, name, last, lastCount: last.size, parents, parentWeight: root ? 0.9 : 0.8, contrast, parentContrast };
}

/** A small lift for a leaf under a parent that says it belongs to the table (billing_address for arcust). */
function contextFactor(table: string, leaf: PreparedLeaf): number {
  const context = TABLE_CONTEXT[table];
  if (!context) return 1;
  let factor = 1;
  for (const word of leaf.parents) factor = Math.max(factor, context[word] ?? 1);
  return factor;
}

function meaningful(words: string[]): string[] {
  return words.filter((word) => !FILLER_WORDS.has(word));
}

const aliasCache = new Map<string, PreparedAlias[]>();

/** A column's aliases as canonical words, its own expanded name first. */
function aliasesOf(table: string, column: string): PreparedAlias[] {
  const key = `${table}.${column}`;
  const cached = aliasCache.get(key);
  if (cached) return cached;
  const listed: readonly Alias[] = FIELD_ALIASES[key] ?? FIELD_ALIASES[column] ?? [];
  const own: Alias = [column, OWN_NAME_WEIGHT[column] ?? 1];
  const prepared = [own, ...listed].map(([phrase, weight]) => ({ phrase, weight, words: meaningful(nameWords(phrase)) })).filter((alias) => alias.words.length > 0);
  aliasCache.set(key, prepared);
  return prepared;
}

/**
 * How well a leaf's name says an alias: every alias word found (in the leaf's own name, or a little
 * less in a parent's: `billing_address.city`), squared so a half match counts a quarter, and less
 * for each word of the leaf's own name the alias does not have (`total_discounts` is not `total`).
 */
function nameScore(aliases: readonly PreparedAlias[], leaf: PreparedLeaf): { score: number; phrase: string } {
  let best = { score: 0, phrase: '' };
  for (const alias of aliases) {
    let matched = 0;
    let inOwnName = 0;
    for (const word of alias.words) {
      if (leaf.last.has(word)) {
        matched += 1;
        inOwnName++;
      } else if (leaf.parents.has(word)) matched += leaf.parentWeight;
    }
    if (inOwnName === 0) continue;
    const coverage = matched / alias.words.length;
    const contrast = leaf.contrast.filter((word) => !alias.words.includes(word)).length;
    const parentContrast = leaf.parentContrast.filter((word) => !alias.words.includes(word)).length;
    const extra = Math.max(0, leaf.lastCount - inOwnName - contrast);
    const score = (alias.weight * coverage * coverage) / (1 + 0.4 * extra + 1.2 * contrast + 0.6 * parentContrast);
    if (score > best.score) best = { score, phrase: alias.phrase };
  }
  return best;
}

const TEXTUAL: ReadonlySet<ValueFormat> = new Set(['text', 'code', 'document_number', 'id', 'integer', 'postcode', 'country', 'currency', 'email', 'phone']);
const DISTINCT: ReadonlySet<ValueFormat> = new Set(['email', 'phone', 'postcode', 'country', 'currency']);

interface Fit {
  score: number;
  /** Why the fit is what it is, when not plain: a masked card, no sample, longer than the column. */
  note?: 'card' | 'empty' | 'long';
}

/** How well the sample values fit the column (0–1). */
function formatFit(leaf: SourceLeaf, rule: FieldRule, expects: readonly ValueFormat[] | undefined): Fit {
  if (leaf.format === 'masked_card') return { score: 0, note: 'card' };
  if (leaf.format === 'empty') return { score: 0.5, note: 'empty' };
  let score = typeScore(leaf, rule);
  if (expects && (rule.type === 'char' || rule.type === 'memo')) {
    if (expects[0] === leaf.format) score = 1;
    else if (expects.includes(leaf.format)) score = 0.95;
    else if (DISTINCT.has(expects[0]) || DISTINCT.has(leaf.format)) score = Math.min(score, 0.15);
    // A key column wants the company's own codes: another system's numeric or prefixed keys are no fit.
    else if (expects.every((format) => format === 'document_number' || format === 'code') && (leaf.format === 'integer' || leaf.format === 'id')) score = Math.min(score, 0.2);
    else score = Math.min(score, 0.5);
  }
  if (rule.type === 'char' && leaf.maxLength > rule.width) {
    const identifier = expects?.some((format) => format === 'document_number' || format === 'code');
    return { score: score * (identifier ? 0.6 : 0.85), note: 'long' };
  }
  return { score };
}

function fitText(leaf: SourceLeaf, rule: FieldRule, fit: Fit): string {
  if (fit.note === 'card') return 'a masked card number: never written to Sage Pro';
  if (fit.note === 'empty') return 'no sample value';
  const what = describe(leaf);
  const type = ruleText(rule);
  if (fit.note === 'long') return `${what}, longer than ${type}`;
  return fit.score >= 0.8 ? `${what} fit ${type}` : `${what} for ${type}`;
}

function typeScore(leaf: SourceLeaf, rule: FieldRule): number {
  const { format } = leaf;
  // Text payloads (CSV rows, gateways that send strings) carry numbers as digit strings.
  const digits = format === 'document_number' && leaf.samples.every((sample) => /^\d{1,9}$/.test(sample));
  switch (rule.type) {
    case 'money':
      return format === 'money' ? 1 : format === 'integer' ? 0.85 : format === 'decimal' ? 0.8 : digits ? 0.7 : 0.05;
    case 'date':
      return format === 'date' || format === 'datetime' ? 1 : 0.05;
    case 'numeric':
      if (format === 'integer' || digits) return 1;
      if (format === 'decimal' || format === 'money') return rule.scale > 0 ? 1 : 0.6;
      return 0.05;
    case 'char':
      if (format === 'boolean') return rule.width === 1 ? 0.8 : 0.2;
      if (TEXTUAL.has(format)) return 0.9;
      return format === 'money' || format === 'decimal' ? 0.35 : 0.3;
    case 'memo':
      return format === 'text' || TEXTUAL.has(format) ? 0.9 : 0.3;
  }
}

/** Per-line tables read the lines array (a line's own columns only there); header tables do not read inside lists. */
function placeFactor(leaf: SourceLeaf, lineOnly: boolean, perLine: boolean, linesPath: string | undefined): number {
  if (!perLine) return leaf.arrayPath === undefined ? 1 : 0.35;
  if (leaf.arrayPath === undefined) return lineOnly ? 0.3 : 0.75;
  if (linesPath !== undefined && (leaf.arrayPath === linesPath || leaf.path.startsWith(`${linesPath}.`))) return 1;
  return 0.3;
}

/** The array of objects that holds the order lines: named like lines or items, else the longest. */
export function linesArray(tree: SourceTree): string | undefined {
  let best: { path: string; score: number } | undefined;
  for (const array of tree.arrays) {
    const name = array.path.replace(/\[\]$/, '').split(/[.[\]]+/).filter(Boolean).at(-1) ?? '';
    const words = nameWords(name).map(canonicalWord);
    // shipping_lines and tax_lines are lines too, but not the order's.
    const named = (words.some((word) => LINE_ARRAY_WORDS.has(word)) || LINE_ARRAY_WORDS.has(words.join(' '))) && !words.some((word) => CONTRAST_WORDS.has(word));
    const leaves = tree.leaves.filter((leaf) => leaf.arrayPath === array.path).length;
    const score = (named ? 1000 : 0) + leaves;
    if (!best || score > best.score) best = { path: array.path, score };
  }
  return best?.path;
}

function valueOverlap(leaf: SourceLeaf, known: ReadonlySet<string>): number | undefined {
  if (leaf.samples.length === 0) return undefined;
  let found = 0;
  for (const sample of leaf.samples) if (known.has(sample.trim()) || known.has(sample.trim().toUpperCase())) found++;
  return found / leaf.samples.length;
}

const FORMAT_WORDS: Record<ValueFormat, string> = {
  money: 'money amounts', integer: 'whole numbers', decimal: 'decimal numbers', date: 'dates', datetime: 'date-times',
  currency: 'ISO currency codes', email: 'emails', phone: 'phone numbers', postcode: 'postcodes', country: 'country codes',
  masked_card: 'masked card numbers', document_number: 'document numbers', boolean: 'true/false values', code: 'codes',
  text: 'text', id: 'ids', empty: 'no values',
};

function describe(leaf: SourceLeaf): string {
  if (leaf.format === 'document_number' && leaf.samples.every((sample) => /^\d+$/.test(sample))) {
    const lengths = leaf.samples.map((sample) => sample.length);
    const low = Math.min(...lengths);
    const high = Math.max(...lengths);
    return low === high ? `${low}-digit strings` : `${low}–${high} digit strings`;
  }
  if (leaf.format === 'text' || leaf.format === 'code' || leaf.format === 'id') return `${FORMAT_WORDS[leaf.format]} up to ${leaf.maxLength} characters`;
  return FORMAT_WORDS[leaf.format];
}


function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
