/**
 * Mapped values checked against Sage Pro's field rules before anything is written, and turned from
 * Settle's form into Sage Pro's: text is trimmed; money is integer minor units of the record's
 * currency (a number) or the amount as decimal text in major units ('12.34', exact, never through a
 * float), written '12.3400'; dates are 'YYYY-MM-DD'; numeric fields a number or decimal text. The
 * field rules themselves are the connector's (validateWrite in sagepro/field-rules.ts), so a value a
 * preview accepts is one the write accepts.
 *
 * Every bad value is reported, not just the first, each naming the rule (`cash_receipt.dtepaid`), the
 * Sage Pro field (`arcash.dtepaid`), the value (cut to 40 characters, card numbers scrubbed) and the
 * rule it breaks. A value that is missing (undefined, null or blank text) is an error for a field
 * Sage Pro needs; otherwise a text field is written blank and any other field keeps Settle's default.
 */
import { scrubCardNumbers } from '../../platform/card-data/card-numbers.js';
import { PermanentSageProError } from '../../sagepro/errors.js';
import { validateWrite, type FieldRule } from '../../sagepro/field-rules.js';
import { minorToSageMoney, SAGE_MONEY_RULE, sageMoneyToMinor } from '../../sagepro/money.js';
import type { TargetRecord } from '../definition/flow-definition.js';
import { ruleText, targetField } from './sage-targets.js';

export interface ValueError {
  /** 'cash_receipt.dtepaid' */
  rule: string;
  /** 'arcash.dtepaid' */
  field: string;
  /** The value as shown: JSON, at most 40 characters, no card number. */
  value: string;
  /** The rule the value breaks, e.g. 'char(6): at most 6 characters'. */
  broken: string;
  message: string;
}

export interface CheckedValues {
  ok: boolean;
  /** The values in Sage Pro's form, by field; only the good ones. */
  values: Record<string, string | number>;
  errors: ValueError[];
}

const SHOWN = 40;

/** `currency`: the ISO code the record's money is in (the receipt's, the order's, the customer's). */
export function checkValues(record: TargetRecord, values: Readonly<Record<string, unknown>>, context: { currency: string }): CheckedValues {
  const result: CheckedValues = { ok: true, values: {}, errors: [] };
  for (const [name, value] of Object.entries(values)) {
    const target = targetField(record, name);
    const fail = (shown: unknown, broken: string) => {
      const error = valueError(`${record}.${name}`, target ? `${target.table}.${name}` : `${record}.${name}`, shown, broken);
      result.errors.push(error);
    };
    if (!target) {
      fail(value, `a field of ${record}`);
      continue;
    }
    if (target.settleOwns !== undefined) {
      fail(value, `set by Settle: ${target.settleOwns}`);
      continue;
    }
    if (isMissing(value)) {
      if (target.required) fail(value, `${ruleText(target.rule)}: a value (Sage Pro needs one)`);
      else if (target.rule.type === 'char' || target.rule.type === 'memo') result.values[name] = '';
      continue;
    }
    const sage = sageForm(target.rule, value, context.currency);
    if ('broken' in sage) {
      fail(value, sage.broken);
      continue;
    }
    try {
      validateWrite(target.table, { [name]: sage.value });
      result.values[name] = sage.value;
    } catch (error) {
      if (!(error instanceof PermanentSageProError)) throw error;
      fail(error.value, error.rule ?? error.message);
    }
  }
  result.ok = result.errors.length === 0;
  return result;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function sageForm(rule: FieldRule, value: unknown, currency: string): { value: string | number } | { broken: string } {
  switch (rule.type) {
    case 'char':
    case 'memo':
      if (typeof value === 'string') return { value: value.trim() };
      if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
      return { broken: `${ruleText(rule)}: text` };
    case 'money':
      return sageMoney(value, currency);
    case 'date':
      return typeof value === 'string' ? { value: value.trim() } : { broken: 'date: YYYY-MM-DD' };
    case 'numeric':
      return typeof value === 'number' || typeof value === 'string' ? { value: typeof value === 'string' ? value.trim() : value } : { broken: ruleText(rule) };
  }
}

function sageMoney(value: unknown, currency: string): { value: string } | { broken: string } {
  const wanted = `money: whole minor units of ${currency} (a number) or the amount as decimal text; ${SAGE_MONEY_RULE}`;
  try {
    if (typeof value === 'number') return Number.isSafeInteger(value) ? { value: minorToSageMoney(value, currency) } : { broken: wanted };
    if (typeof value === 'string') return { value: minorToSageMoney(sageMoneyToMinor(value, currency), currency) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return { broken: wanted };
}

function valueError(rule: string, field: string, value: unknown, broken: string): ValueError {
  const shown = shownValue(value);
  return { rule, field, value: shown, broken, message: `${rule} (${field}) ${shown} breaks ${broken}` };
}

/** JSON of the value, scrubbed of card numbers, then cut (cutting first could leave half a number). */
export function shownValue(value: unknown): string {
  const text = scrubCardNumbers(value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value)));
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN - 1)}…`;
}
