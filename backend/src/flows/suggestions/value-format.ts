/**
 * What a sample value looks like: a money amount, a date, an ISO currency code, an email, … Read from
 * the values themselves, with the field's name breaking the ties values cannot (a 5-digit string is a
 * postcode under `zip` and a document number under `invoice_id`; a 10-digit integer is a time under
 * `created`). Plain rules, no learning: the suggester needs them to be the same every time.
 */
import { isIsoCurrency } from '../../platform/money/currencies.js';

export type ValueFormat =
  | 'money'
  | 'integer'
  | 'decimal'
  | 'date'
  | 'datetime'
  | 'currency'
  | 'email'
  | 'phone'
  | 'postcode'
  | 'country'
  | 'masked_card'
  | 'document_number'
  | 'boolean'
  | 'code'
  | 'text'
  | 'id'
  | 'empty';

export const VALUE_FORMATS: readonly ValueFormat[] = [
  'money', 'integer', 'decimal', 'date', 'datetime', 'currency', 'email', 'phone', 'postcode', 'country',
  'masked_card', 'document_number', 'boolean', 'code', 'text', 'id', 'empty',
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const US_DATE = /^\d{1,2}\/\d{1,2}\/\d{4}$/;
const RFC_2822 = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(:\d{2})? ([+-]\d{4}|GMT|UTC)$/;
const US_DATE_TIME = /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}(:\d{2})?( ?[AP]M)?$/i;
const MONEY_TEXT = /^-?[$€£]?\d{1,3}(,?\d{3})*\.\d{2}(\d{2})?$/;
const DECIMAL_TEXT = /^-?\d+\.\d+$/;
const DIGITS = /^\d+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;
const PHONE = /^\+?[\d\s().-]{7,22}$/;
const MASKED_CARD = /^(\d{0,6}[xX*•]{4,}\d{4}|[xX*•]{2,}[\s-]*\d{4})$/;
const POSTCODE = /^(\d{5}(-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIXED_ID = /^[a-z]{2,8}_[A-Za-z0-9]{8,}$/;
const DOCUMENT = /^#?[A-Za-z]{0,6}[-/ ]?\d[\w-]{0,18}$/;
const CODE = /^[A-Z][A-Z_-]{0,11}$/;
const COUNTRIES = new Set(
  'US CA MX GB IE FR DE ES IT NL BE LU CH AT PT DK SE NO FI IS PL CZ SK HU RO BG GR TR AU NZ JP CN HK SG KR IN BR AR CL CO PE ZA IL AE SA'.split(' '),
);

const TIME_NAME = /(date|time|created|updated|_at$|At$|timestamp|settled|paid)/i;
const PLACE_NAME = /(state|province|region)/i;

/** The format of a field's sample values (all of them must agree, else the broadest: text). */
export function inferFormat(values: readonly unknown[], name = ''): ValueFormat {
  const present = values.filter((value) => value !== null && value !== undefined && value !== '');
  if (present.length === 0) return 'empty';
  const formats = present.map((value) => formatOf(value, name));
  const first = formats[0];
  if (formats.every((format) => format === first)) return first;
  return merge(formats);
}

/** Mixed values: whole and decimal numbers are decimal; money and integers money; else text. */
function merge(formats: ValueFormat[]): ValueFormat {
  const set = new Set(formats);
  if ([...set].every((format) => format === 'money' || format === 'integer')) return 'money';
  if ([...set].every((format) => format === 'money' || format === 'integer' || format === 'decimal')) return 'decimal';
  if ([...set].every((format) => format === 'date' || format === 'datetime')) return 'datetime';
  if ([...set].every((format) => format === 'document_number' || format === 'code' || format === 'id')) return 'document_number';
  return 'text';
}

function formatOf(value: unknown, name: string): ValueFormat {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return numberFormat(value, name);
  if (typeof value !== 'string') return 'text';
  return textFormat(value.trim(), name);
}

function numberFormat(value: number, name: string): ValueFormat {
  if (!Number.isInteger(value)) return /\.\d{1,2}$/.test(String(value)) ? 'money' : 'decimal';
  // Unix seconds (2000–2100) or milliseconds under a time-like name.
  if (TIME_NAME.test(name) && ((value >= 946_684_800 && value <= 4_102_444_800) || (value >= 946_684_800_000 && value <= 4_102_444_800_000))) return 'datetime';
  return 'integer';
}

function textFormat(text: string, name: string): ValueFormat {
  if (text === '') return 'empty';
  if (/^(true|false)$/i.test(text)) return 'boolean';
  if (ISO_DATE.test(text) || US_DATE.test(text)) return 'date';
  if (ISO_DATE_TIME.test(text) || US_DATE_TIME.test(text) || RFC_2822.test(text)) return 'datetime';
  if (MASKED_CARD.test(text)) return 'masked_card';
  if (EMAIL.test(text)) return 'email';
  if (MONEY_TEXT.test(text)) return 'money';
  if (DECIMAL_TEXT.test(text)) return 'decimal';
  if (/^[A-Za-z]{3}$/.test(text) && isIsoCurrency(text.toUpperCase()) && (text === text.toUpperCase() || text === text.toLowerCase()) && !PLACE_NAME.test(name) && !/country/i.test(name)) return 'currency';
  if (/^[A-Z]{2}$/.test(text) && COUNTRIES.has(text) && !PLACE_NAME.test(name)) return 'country';
  if (/country/i.test(name) && /^[A-Z]{3}$/.test(text)) return 'country';
  if (/(zip|postal|postcode)/i.test(name) && /^[A-Za-z0-9 -]{3,10}$/.test(text)) return 'postcode';
  if (POSTCODE.test(text) && !DIGITS.test(text)) return 'postcode';
  if (/(phone|fax|mobile|tel)/i.test(name) && PHONE.test(text)) return 'phone';
  if (PHONE.test(text) && /[\s().+-]/.test(text) && (text.match(/\d/g)?.length ?? 0) >= 7) return 'phone';
  if (UUID.test(text) || PREFIXED_ID.test(text)) return 'id';
  if (DIGITS.test(text)) return text.length > 12 ? 'id' : 'document_number';
  if (DOCUMENT.test(text)) return 'document_number';
  if (CODE.test(text)) return 'code';
  if (/^[A-Za-z0-9]{16,}$/.test(text) && /\d/.test(text)) return 'id';
  return 'text';
}
