/**
 * Mapped values that must be codes the company keeps: GL accounts of its chart (a receipt's cash
 * account, a line's sales account, a new customer's receivables account) and ORDRSTAT codes (an
 * order's status). checkValues knows a field's width, not the company's lists, so these are checked
 * with one read of the company (SageProCompany.checkCodes) before the event's first write: a value
 * Sage Pro would refuse is a validation error naming its rule, with nothing written. Blank values are
 * never checked (a blank account is Sage Pro's default, a blank status none).
 */
import type { CodeCheck, RefusedCode } from '../../sagepro/company.js';
import type { FieldMappings, TargetRecord } from '../definition/flow-definition.js';
import type { OrderMappedValues, SageValues } from './order-inputs.js';
import { type CompanyCode, targetField } from './sage-targets.js';

export interface MappedCode {
  /** 'sales_order_line.glsale' */
  rule: string;
  value: string;
  code: CompanyCode;
  /** Where on the record: 'line 2: ' for an order line, '' otherwise. */
  where: string;
}

export interface CodeError {
  rule: string;
  message: string;
  value: string;
}

/** Reads the company's lists: SageProCompany.checkCodes. */
export type CodeReader = (codes: CodeCheck) => Promise<RefusedCode[]>;

/** The record's mapped values that are codes of the company, blank ones left out. */
export function mappedCodes(record: TargetRecord, values: SageValues | undefined, where = ''): MappedCode[] {
  return Object.entries(values ?? {}).flatMap(([field, value]): MappedCode[] => {
    const code = targetField(record, field)?.code;
    const text = String(value).trim();
    return code && text ? [{ rule: `${record}.${field}`, value: text, code, where }] : [];
  });
}

/** The codes of an order's mapped records; the customer's only when it is created. */
export function orderCodes(values: OrderMappedValues, withCustomer: boolean): MappedCode[] {
  return [
    ...(withCustomer ? mappedCodes('customer', values.customer) : []),
    ...mappedCodes('sales_order', values.sales_order),
    ...(values.lines ?? []).flatMap((line, index) => mappedCodes('sales_order_line', line, `line ${index + 1}: `)),
  ];
}

/** What to ask the company: each account and status once. */
export function codeCheckOf(codes: readonly MappedCode[]): CodeCheck {
  const of = (kind: CompanyCode) => [...new Set(codes.filter((code) => code.code === kind).map((code) => code.value))];
  return { accounts: of('gl_account'), orderStatuses: of('order_status') };
}

/** Every mapped code the company refused, named by its rule (once per rule and place). */
export function refusedRules(codes: readonly MappedCode[], refused: readonly RefusedCode[]): CodeError[] {
  return codes.flatMap((code) => {
    const kinds = code.code === 'gl_account' ? ['missing_account', 'inactive_account'] : ['unknown_status_code'];
    const why = refused.find((candidate) => kinds.includes(candidate.kind) && candidate.value === code.value);
    return why ? [{ rule: code.rule, message: `${code.where}${why.message}`, value: code.value }] : [];
  });
}

/** The codes checked with one read (none when there are none). */
export async function checkMappedCodes(codes: readonly MappedCode[], read: CodeReader): Promise<CodeError[]> {
  if (!codes.length) return [];
  return refusedRules(codes, await read(codeCheckOf(codes)));
}

/**
 * The GL accounts a version's mappings name outright: constants and the values of lookup tables on
 * account fields (a path or an expression is known only per event, and checked then). Publishing
 * checks them against the company's chart, as it checks GL rules.
 */
export function accountsNamedIn(mappings: FieldMappings | undefined): { rule: string; account: string }[] {
  return Object.entries(mappings ?? {}).flatMap(([record, fields]) =>
    Object.entries(fields ?? {}).flatMap(([field, rule]) => {
      if (targetField(record, field)?.code !== 'gl_account') return [];
      const values = rule.kind === 'constant' ? [rule.value] : rule.kind === 'lookup' ? [...Object.values(rule.table), rule.otherwise] : [];
      const accounts = [...new Set(values.map((value) => (typeof value === 'string' ? value.trim() : '')).filter(Boolean))];
      return accounts.map((account) => ({ rule: `${record}.${field}`, account }));
    }),
  );
}
