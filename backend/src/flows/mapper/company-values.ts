/**
 * Value overlap with the connected Sage Pro company: a sample value found in ARCUST.custno is strong
 * evidence that its leaf is the customer number. Only the sample's own values are looked up, at most
 * MAX_LOOKUPS per key, one bounded read per key column: never a table dump.
 */
import { KEYS, type KeyName } from '../../sagepro/keys.js';
import type { SourceTree } from '../suggestions/source-tree.js';
import type { ValueFormat } from '../suggestions/value-format.js';

/** The key columns looked up, by the domain name the suggester uses ('arcust.custno'). */
export const LOOKED_UP = { 'arcust.custno': 'custno', 'armast.invno': 'invno', 'icitem.item': 'item' } as const satisfies Record<string, KeyName>;
export type LookedUpDomain = keyof typeof LOOKED_UP;

export const MAX_LOOKUPS = 50;
/** Formats a key can have; money, dates, emails, masked cards and the like are never looked up. */
const KEY_LIKE: ReadonlySet<ValueFormat> = new Set(['code', 'id', 'document_number', 'integer', 'text']);

/** The sample values that could be a key of each column (fit its width, printable), at most MAX_LOOKUPS each. */
export function valuesToLookUp(tree: SourceTree): Map<LookedUpDomain, string[]> {
  const wanted = new Map<LookedUpDomain, string[]>();
  for (const [domain, key] of Object.entries(LOOKED_UP) as [LookedUpDomain, KeyName][]) {
    const values = new Set<string>();
    for (const leaf of tree.leaves) {
      if (!KEY_LIKE.has(leaf.format)) continue;
      for (const sample of leaf.samples) {
        const text = sample.trim();
        if (text && text.length <= KEYS[key].width && /^[\x20-\x7e]+$/.test(text)) values.add(text);
        if (values.size >= MAX_LOOKUPS) break;
      }
      if (values.size >= MAX_LOOKUPS) break;
    }
    if (values.size) wanted.set(domain, [...values]);
  }
  return wanted;
}
