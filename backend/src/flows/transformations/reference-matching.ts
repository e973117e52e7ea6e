/**
 * Reference matching, configurable: which field of a payment (a dotted path into the event, optionally
 * narrowed by a regular expression) is looked up as which Sage Pro key (invoice, order or PO number),
 * in order, then the customer + amount + date fallback with a tolerance. A match step that sets
 * nothing asks exactly what invoice-matching.ts asks (the document number as invoice, order, then PO
 * number; the customer's invoices for exactly the amount within the integration's window).
 *
 * Besides `documentNumber` (the text the integration's reference rule picked) a rule reads the payer's
 * texts as the source carried them (payment-fields.ts): `fields.invoice_id`,
 * `fields.customer_reference_id`, `fields.description` (PayTrace), `fields.invoice_number`,
 * `fields.order_number`, `fields.description`, `fields.metadata.<key>` (partner events). Any other
 * name under `fields` is refused when the version is checked: a typo would otherwise read nothing.
 *
 * Paths and expressions are compiled once per config (kept while the config object lives), never
 * interpreted per event. Expressions the tenant writes run on Settle's shared workers, so
 * checkMatchConfig refuses the ones that can backtrack for long (see regexHazard) and a reference is
 * read from at most the first MAX_REFERENCE_INPUT characters of its field.
 */
import { METADATA_KEY, PAYMENT_FIELD_TEXTS } from '../../pipeline/events/payment-fields.js';
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import { type InvoiceChoice, type NamedQuery, normaliseDocumentNumber, sageCustomerNumber } from '../../pipeline/workflows/invoice-matching.js';
import { addDays, sageDate } from '../../pipeline/workflows/posting-rules.js';
import type { OpenInvoice } from '../../sagepro/company.js';
import type { MatchConfig, ReferenceRule } from '../definition/flow-definition.js';

/** What a match step inherits from its integration pair when it does not say. */
export interface MatchDefaults {
  /** The event path of the payer's reference: 'documentNumber' (the integration's reference field). */
  referenceField: string;
  /** Days either side of the payment date for the customer + amount fallback. */
  windowDays: number;
  timeZone: string;
}

/** A reference is read from this many characters of its field at most (Sage Pro keys are 20 at most). */
export const MAX_REFERENCE_INPUT = 100;

type Target = ReferenceRule['target'];

/** Each target's Sage Pro key and width: invno and sono are char(10), ponum char(20). */
const TARGETS = {
  invoice_number: { key: 'invno', width: 10 },
  order_number: { key: 'sono', width: 10 },
  po_number: { key: 'ponum', width: 20 },
} as const satisfies Record<Target, { key: string; width: number }>;

/** Today's order: the reference as invoice number, then order number, then PO number. */
const DEFAULT_TARGETS: readonly Target[] = ['invoice_number', 'order_number', 'po_number'];

export interface MatchProblem {
  /** Where in the match step's config: 'references[1].extract'. */
  path: string;
  message: string;
}

/** A config the publish checks would have refused, met at run time (a dead letter, not a guess). */
export class MatchConfigError extends Error {
  constructor(readonly problems: MatchProblem[]) {
    super(`The match step's configuration is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'MatchConfigError';
  }
}

// ---- compiling ----

type Accessor = (source: unknown) => unknown;

interface CompiledReference {
  read: Accessor;
  extract?: RegExp;
  target: Target;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** 'customer.number', 'fields.description', 'lines[0].sku' → an accessor reading own properties only. */
export function compilePath(path: string): Accessor | string {
  const steps: (string | number)[] = [];
  const first = /^([A-Za-z_$][\w$-]*)/;
  const next = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d{1,6})\])/;
  let rest = path.trim();
  if (!first.test(rest)) return 'must start with a field name, e.g. documentNumber or customer.number';
  while (rest) {
    const found = (steps.length ? next : first).exec(rest);
    if (!found) return `cannot read "${rest}": use field names joined by dots, and [n] for a list position`;
    if (found[1] !== undefined && FORBIDDEN_KEYS.has(found[1])) return `"${found[1]}" is not a field`;
    steps.push(found[1] ?? Number(found[2]));
    rest = rest.slice(found[0].length);
  }
  return (source) => {
    let value = source;
    for (const step of steps) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return undefined;
      value = (value as Record<string | number, unknown>)[step];
    }
    return value;
  };
}

/** An expression compiled for matching (case-insensitive: 'inv-(\\d+)' finds 'INV-1001'), or why it cannot be. */
export function compileExtract(pattern: string): RegExp | string {
  if (pattern.length > 200) return 'must be at most 200 characters';
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'i');
  } catch (error) {
    return `is not a regular expression: ${(error as Error).message}`;
  }
  return regexHazard(pattern) ?? regex;
}

const FIELD_NAMES: ReadonlySet<string> = new Set(PAYMENT_FIELD_TEXTS);
const FIELDS_HOLD = `${PAYMENT_FIELD_TEXTS.join(', ')} and metadata.<key>`;

/** Why a (readable) path names no payer text under `fields`, or null: 'fields.descripton' reads nothing, ever. */
function fieldsProblem(path: string): string | null {
  const [head, name, key, ...deeper] = path.trim().split('.');
  if (head !== 'fields' && !head.startsWith('fields[')) return null;
  if (head === 'fields' && name !== undefined && FIELD_NAMES.has(name) && key === undefined) return null;
  if (head === 'fields' && name === 'metadata' && key !== undefined && METADATA_KEY.test(key) && !deeper.length) return null;
  return `fields holds ${FIELDS_HOLD} (a metadata key is a letter, then up to 39 letters, digits or _)`;
}

/** The problems of a match step's config (paths relative to it); none means it can run. */
export function checkMatchConfig(config: MatchConfig | undefined): MatchProblem[] {
  return (config?.references ?? []).flatMap((rule, i) => {
    const problems: MatchProblem[] = [];
    const source = rule.source ?? 'documentNumber';
    const read = compilePath(source);
    const unknown = typeof read === 'string' ? read : fieldsProblem(source);
    if (unknown) problems.push({ path: `references[${i}].source`, message: unknown });
    if (rule.extract !== undefined) {
      const extract = compileExtract(rule.extract);
      if (typeof extract === 'string') problems.push({ path: `references[${i}].extract`, message: extract });
    }
    return problems;
  });
}

const compiledConfigs = new WeakMap<MatchConfig, CompiledReference[] | null>();
const compiledDefaults = new Map<string, CompiledReference[]>();

/** The references to try, in order: the config's, or the default field as invoice, order and PO number. */
function referencesOf(config: MatchConfig | undefined, defaults: MatchDefaults): CompiledReference[] {
  if (config?.references) {
    let compiled = compiledConfigs.get(config);
    if (compiled === undefined) {
      const problems = checkMatchConfig(config);
      compiled = problems.length
        ? null
        : config.references.map((rule) => ({
            read: compilePath(rule.source ?? 'documentNumber') as Accessor,
            ...(rule.extract !== undefined ? { extract: compileExtract(rule.extract) as RegExp } : {}),
            target: rule.target,
          }));
      compiledConfigs.set(config, compiled);
    }
    if (compiled === null) throw new MatchConfigError(checkMatchConfig(config));
    return compiled;
  }
  let compiled = compiledDefaults.get(defaults.referenceField);
  if (!compiled) {
    const read = compilePath(defaults.referenceField);
    if (typeof read === 'string') throw new MatchConfigError([{ path: 'referenceField', message: read }]);
    compiled = DEFAULT_TARGETS.map((target) => ({ read, target }));
    compiledDefaults.set(defaults.referenceField, compiled);
  }
  return compiled;
}

// ---- the queries ----

/** The reference a rule reads from the event, as Sage Pro keys are compared (trimmed, upper case). */
function referenceOf(event: PaymentEvent, rule: CompiledReference): string | null {
  const value = rule.read(event);
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  if (text === undefined) return null;
  if (!rule.extract) return normaliseDocumentNumber(text);
  const found = rule.extract.exec(text.trim().slice(0, MAX_REFERENCE_INPUT));
  return found ? normaliseDocumentNumber(found[1] ?? found[0]) : null;
}

/**
 * The Sage Pro lookups for a payment, in order; the pipeline takes the first that finds anything
 * (chooseWithTolerance decides among several). Same shapes as invoiceQueries, so it drops in there.
 */
export function referenceQueries(event: PaymentEvent, config: MatchConfig | undefined, defaults: MatchDefaults): NamedQuery[] {
  const queries: NamedQuery[] = [];
  const asked = new Set<string>();
  for (const rule of referencesOf(config, defaults)) {
    const reference = referenceOf(event, rule);
    const { key, width } = TARGETS[rule.target];
    // A reference too wide for the key cannot be one; the same lookup twice is asked once.
    if (!reference || reference.length > width || asked.has(`${key}:${reference}`)) continue;
    asked.add(`${key}:${reference}`);
    queries.push({ rule: rule.target, query: key === 'invno' ? { invno: reference } : key === 'sono' ? { sono: reference } : { ponum: reference } });
  }
  const fallback = config?.customerAmount === undefined ? { windowDays: defaults.windowDays, toleranceMinor: 0 } : config.customerAmount;
  const custno = sageCustomerNumber(event.customer?.number);
  if (fallback && custno) {
    const day = sageDate(event.occurredAt, defaults.timeZone);
    const tolerance = fallback.toleranceMinor > 0 ? { toleranceCents: fallback.toleranceMinor } : {};
    queries.push({
      rule: 'customer_amount_date',
      query: { custno, amountCents: event.amountMinor, currency: event.currency, from: addDays(day, -fallback.windowDays), to: addDays(day, fallback.windowDays), ...tolerance },
    });
  }
  return queries;
}

/**
 * The invoice number a drain looks up ahead for this payment (invoice-matching.ts invoiceNumberToMatch
 * with the step's config): the first invoice-number lookup of an approved or declined payment that a
 * person has not already placed.
 */
export function invoiceNumberToPrefetch(event: PaymentEvent, placedInReview: boolean, config: MatchConfig | undefined, defaults: MatchDefaults): string | null {
  if (placedInReview || (event.type !== 'payment.approved' && event.type !== 'payment.declined')) return null;
  for (const { query } of referenceQueries(event, config, defaults)) if ('invno' in query) return query.invno;
  return null;
}

// ---- choosing ----

/**
 * Of the open invoices one lookup found: a single one is it (found by its number, a partial or an over
 * payment is normal); of several, the only one whose balance is within ±tolerance of the amount
 * (edges included). Several within tolerance, or several with none within, are ambiguous and go to
 * review listing every candidate: never a guess, and never "none", which would let a later lookup or
 * a payment on account take money several invoices may be owed. With a zero tolerance this is
 * invoice-matching.ts chooseInvoice.
 */
export function chooseWithTolerance(found: readonly OpenInvoice[], amountMinor: number, toleranceMinor = 0): InvoiceChoice {
  if (found.length === 0) return { kind: 'none' };
  if (found.length === 1) return { kind: 'one', invoice: found[0] };
  const within = found.filter((invoice) => Math.abs(invoice.balanceCents - amountMinor) <= toleranceMinor);
  if (within.length === 1) return { kind: 'one', invoice: within[0] };
  return { kind: 'ambiguous', candidates: found.map((invoice) => invoice.invno) };
}

/** The tolerance chooseWithTolerance applies for a config: the fallback's, else none. */
export function toleranceOf(config: MatchConfig | undefined): number {
  return config?.customerAmount?.toleranceMinor ?? 0;
}

// ---- expressions that cannot run away ----

/** A quantifier's repeat counts; max Infinity for *, + and {n,}. */
interface Quantifier {
  min: number;
  max: number;
  end: number;
}

function quantifierAt(pattern: string, at: number): Quantifier | null {
  const c = pattern[at];
  let q: Quantifier | null = null;
  if (c === '*') q = { min: 0, max: Infinity, end: at + 1 };
  else if (c === '+') q = { min: 1, max: Infinity, end: at + 1 };
  else if (c === '?') q = { min: 0, max: 1, end: at + 1 };
  else if (c === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
    if (braces) {
      const min = Number(braces[1]);
      q = { min, max: braces[2] === undefined ? min : braces[3] ? Number(braces[3]) : Infinity, end: at + braces[0].length };
    }
  }
  if (q && pattern[q.end] === '?') q.end++; // lazy: same counts
  return q;
}

/** Where a character class that starts at `at` ('[') ends (the index after its ']'). */
function endOfClass(pattern: string, at: number): number {
  let i = at + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++; // a leading ']' is literal
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

/**
 * At most this many backtracking steps, estimated: the input's length × the ways a bounded quantifier
 * can split it (span + 1 each, '?' 2) × n^k / k! for k open-ended ones (*, +, {n,}). A million is a
 * few milliseconds once V8 has compiled the expression, and under a tenth of a second before.
 */
const STEP_BUDGET = 1_000_000;

/**
 * Why a (valid) expression could backtrack for long on a short input, or null. JavaScript's engine
 * backtracks, so Settle refuses (rather than timing out) a repeated group that itself holds a choice (a
 * quantifier that is not a fixed count, or an alternation: '(a+)+', '(a|ab)*', '(x?){20}'), back
 * references, and more freedom in total than STEP_BUDGET allows ('(?:ref:)?\\s*(\\d+)' and '(\\d+)-(\\d+)'
 * are fine, '\\d*\\d*\\d*' is not). With the input capped at MAX_REFERENCE_INPUT characters, what is
 * left takes milliseconds on the most hostile input, and microseconds on a real reference.
 */
export function regexHazard(pattern: string): string | null {
  /** Per open group: whether it holds a choice. */
  const groups: boolean[] = [false];
  /** The last atom, which a quantifier applies to: whether it holds a choice; null when there is none. */
  let atom: boolean | null = null;
  /** The bounded quantifiers' splits, and how many open-ended ones. */
  let splits = 1;
  let openEnded = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<')) return 'refers back to a group (\\1, \\k<name>), which can take exponential time';
      i += 2;
      atom = false;
    } else if (c === '[') {
      i = endOfClass(pattern, i);
      atom = false;
    } else if (c === '(') {
      i++;
      if (pattern[i] === '?') {
        const lookbehind = pattern[i + 1] === '<' && (pattern[i + 2] === '=' || pattern[i + 2] === '!');
        i = pattern[i + 1] === '<' && !lookbehind ? pattern.indexOf('>', i) + 1 : i + (lookbehind ? 3 : 2);
      }
      groups.push(false);
      atom = null;
    } else if (c === ')') {
      const choice = groups.pop()!;
      groups[groups.length - 1] ||= choice;
      atom = choice;
      i++;
    } else if (c === '|') {
      groups[groups.length - 1] = true;
      atom = null;
      i++;
    } else {
      const q = quantifierAt(pattern, i);
      if (q) {
        if (atom && q.max > 1) return 'repeats a group that holds a choice (a repetition or an alternation), which can take exponential time: use a character class or a fixed count';
        if (q.min !== q.max) {
          groups[groups.length - 1] = true;
          if (q.max === Infinity) openEnded++;
          else splits *= Math.min(q.max, MAX_REFERENCE_INPUT) - Math.min(q.min, MAX_REFERENCE_INPUT) + 1;
          if (stepsOf(splits, openEnded) > STEP_BUDGET) return 'has too many optional or repeated parts to run safely (at most two open-ended repetitions such as + or *, fewer with other optional parts)';
        }
        i = q.end;
        atom = null;
      } else {
        atom = c === '^' || c === '$' ? null : false;
        i++;
      }
    }
  }
  return null;
}

/** The estimated worst steps: n × splits × n^k / k!. */
function stepsOf(splits: number, openEnded: number): number {
  let steps = MAX_REFERENCE_INPUT * splits;
  for (let k = 1; k <= openEnded; k++) steps = (steps * MAX_REFERENCE_INPUT) / k;
  return steps;
}
