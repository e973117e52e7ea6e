/**
 * Names as words: a field name or a source path split into lower-case tokens (camelCase, snake_case,
 * kebab-case, dots, digits apart from letters), each reduced to one spelling per word (`qty` →
 * `quantity`, `cust` → `customer`, plurals → singular) so that `customerNo`, `cust_no` and
 * `customer.number` read alike. The word list is in vocabulary.ts.
 */
import { WORD_SYNONYMS } from './vocabulary.js';

/** 'billingAddress.postalCode' → ['billing', 'address', 'postal', 'code']; 'line1' → ['line', '1']. */
export function splitName(name: string): string[] {
  return name
    .replace(/#/g, ' number ')
    .replace(/\[\d*\]/g, '.')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0);
}

/** One spelling per word: the synonym table first, then a plural's singular. */
export function canonicalWord(token: string): string {
  const direct = WORD_SYNONYMS.get(token);
  if (direct !== undefined) return direct;
  const singular = singularOf(token);
  return WORD_SYNONYMS.get(singular) ?? singular;
}

function singularOf(token: string): string {
  if (token.length <= 3 || /(ss|us|is)$/.test(token)) return token;
  if (token.endsWith('ies')) return `${token.slice(0, -3)}y`;
  if (/(ches|shes|xes)$/.test(token)) return token.slice(0, -2);
  return token.endsWith('s') ? token.slice(0, -1) : token;
}

/** A name's canonical words, in order ('cust_no' → ['customer', 'number']); a synonym may stand for several words. */
export function nameWords(name: string): string[] {
  return splitName(name).flatMap((token) => canonicalWord(token).split(' ').filter(Boolean));
}
