/**
 * The width and type of every Sage Pro field Settle writes, as the SQL edition (and the sandbox DDL)
 * declares them. validateWrite checks a whole row before anything is sent, so an error names the
 * `table.field`, the value and the rule instead of surfacing as a truncation or an overflow half-way
 * through a transaction. Rows are in "Sage form": keys padded, money as '123.4500', dates YYYY-MM-DD.
 */
import { containsCardNumber, scrubCardNumbers } from '../platform/card-data/card-numbers.js';
import { validationError } from './errors.js';
import { isIsoDate } from './dates.js';
import { SAGE_MONEY_RULE } from './money.js';

export type FieldRule =
  | { type: 'char'; width: number }
  | { type: 'money' }
  | { type: 'date' }
  | { type: 'numeric'; precision: number; scale: number }
  /** A VFP memo: any text without NUL or control characters other than tab, CR and LF. */
  | { type: 'memo' };

const char = (width: number): FieldRule => ({ type: 'char', width });
const money: FieldRule = { type: 'money' };
const date: FieldRule = { type: 'date' };
const numeric = (precision: number, scale = 0): FieldRule => ({ type: 'numeric', precision, scale });
const memo: FieldRule = { type: 'memo' };
/** Quantities: numeric(12,2). Percentages: N(7,3). Days: N(3). */
const qty = numeric(12, 2);
const percent = numeric(7, 3);
const days = numeric(3);

const stamp = { adduser: char(4), adddate: date, addtime: char(8) };
const address = { address1: char(35), address2: char(35), city: char(20), addrstate: char(10), zip: char(10), country: char(15), phone: char(20) };
const terms = { pterms: char(20), pdisc: percent, pdays: days, pnet: days };

export const FIELD_RULES = {
  arcash: {
    custno: char(6), invno: char(10), refno: char(20), dtepaid: date, paidamt: money, disamt: money,
    arsess: char(6), cashacct: char(24), currid: char(3), ...stamp,
  },
  ardist: {
    tranno: char(10), custno: char(6), glacnt: char(24), descrip: char(30), amount: money, trandte: date,
    arsess: char(6), glbatch: char(6), ...stamp,
  },
  armast: {
    invno: char(10), custno: char(6), invdte: date, artype: char(1), arstat: char(1), ornum: char(10), ponum: char(20),
    refno: char(20), salesmn: char(4), terr: char(3), pterms: char(20), invamt: money, paidamt: money, disamt: money,
    balance: money, bbal: money, currid: char(3), glarec: char(24), dtepaid: date, ...stamp,
  },
  arcust: {
    custno: char(6), company: char(35), contact: char(30), title: char(30), ...address, faxno: char(20), email: memo,
    terr: char(3), salesmn: char(4), source: char(15), type: char(8), ...terms, currency: char(3), aracct: char(24),
    entered: date, credlimit: money, onorder: money, credstat: char(1), custstat: char(1), comment: char(65),
    balance: money, lastpay: date, lpymt: money, ...stamp,
  },
  somast: {
    sono: char(10), custno: char(6), sostat: char(1), sotype: char(1), orderstat: char(20), ponum: char(20), sodate: date, ordate: date,
    shipvia: char(12), ...terms, ordamt: money, shpamt: money, bordamt: money, tax: money, taxrate: percent, shipchg: money,
    salesmn: char(4), terr: char(3), defloc: char(6), currid: char(3), exchrat: numeric(9, 5), glarec: char(24), notes: memo,
    release: char(1), shipcomp: char(1), ...stamp,
  },
  sotran: {
    sono: char(10), tranlineno: numeric(4), transeq: char(4), custno: char(6), item: char(25), descrip: char(30), loctid: char(6),
    umeasur: char(4), qtyord: qty, qtyshp: qty, origqtyord: qty, tqtyord: qty, tqtyshp: qty, cost: money, price: money,
    extprice: money, origextpri: money, bcost: money, bprice: money, bextpri: money, tprice: money, tcost: money, disc: percent,
    taxrate: percent, taxable: char(1), stkcode: char(1), glsale: char(24), glasst: char(24), ordate: date, rqdate: date,
    sostat: char(1), sotype: char(1), salesmn: char(4), terr: char(3), currid: char(3), exchrat: numeric(9, 5), ...stamp,
  },
  soaddr: {
    sono: char(10), custno: char(6), adtype: char(1), company: char(35), ...address, address3: char(35), email: char(60), ...stamp,
  },
  iciloc: { lsoaloc: qty },
  iciqty: { qsoaloc: qty },
  sysdata: { int1: numeric(10), int2: numeric(10) },
} as const satisfies Record<string, Record<string, FieldRule>>;

export type WritableTable = keyof typeof FIELD_RULES;
export type SageRow<T extends WritableTable> = Partial<Record<keyof (typeof FIELD_RULES)[T], string | number>>;

const MONEY = /^-?\d{1,12}\.\d{4}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const MEMO_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const NO_CARD_NUMBER = 'no card number: Settle never writes one to Sage Pro';

/** Throws a PermanentSageProError('validation', 'table.field', value, rule) for the first bad field. */
export function validateWrite<T extends WritableTable>(table: T, row: SageRow<T>): void {
  const rules: Record<string, FieldRule> = FIELD_RULES[table];
  for (const [field, value] of Object.entries(row)) {
    const rule = rules[field];
    const name = `${table}.${field}`;
    if (!rule) throw validationError(name, value, 'a field Settle writes');
    // The last line of defence for text: whatever an upstream redaction missed, no card number is
    // written (money, dates and numbers are checked by their own rules).
    const isText = rule.type === 'char' || rule.type === 'memo';
    if (isText && typeof value === 'string' && containsCardNumber(value)) throw validationError(name, scrubCardNumbers(value), NO_CARD_NUMBER);
    const broken = brokenRule(rule, value);
    if (broken) throw validationError(name, value, broken);
  }
}

function brokenRule(rule: FieldRule, value: unknown): string | undefined {
  switch (rule.type) {
    case 'char':
      if (typeof value !== 'string') return `char(${rule.width}): text`;
      if (value.length > rule.width) return `char(${rule.width}): at most ${rule.width} characters`;
      if (CONTROL.test(value)) return `char(${rule.width}): no control characters`;
      return undefined;
    case 'money':
      return typeof value === 'string' && MONEY.test(value) ? undefined : SAGE_MONEY_RULE;
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? undefined : 'date: YYYY-MM-DD';
    case 'memo':
      if (typeof value !== 'string') return 'memo: text';
      if (MEMO_CONTROL.test(value)) return 'memo: no control characters but tab, CR and LF';
      return undefined;
    case 'numeric': {
      const digits = rule.precision - rule.scale;
      const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
      const pattern = new RegExp(`^-?\\d{1,${digits}}${rule.scale ? `(\\.\\d{1,${rule.scale}})?` : ''}$`);
      return pattern.test(text) ? undefined : `numeric(${rule.precision},${rule.scale})`;
    }
  }
}

/** The date fields of a table: written through the dialect's date text. */
export function dateFields(table: WritableTable): string[] {
  return Object.entries(FIELD_RULES[table] as Record<string, FieldRule>)
    .filter(([, rule]) => rule.type === 'date')
    .map(([field]) => field);
}
