/**
 * What a mapping reads: the normalised event (the same shape whatever the source: `amountMinor`,
 * `fields.invoice_id`, `lines[].sku`), and under `payload` the payload as it arrived (a PayTrace
 * transaction's or a Shopify order's own names, card data redacted when it was stored). The mapper
 * shows both, so a rule written from either resolves the same in the pipeline, the preview and the
 * mapper. The payload is read only for flows whose rules name it: most never do, and it can be large.
 */
import type { FieldMappings, MappingRule } from '../definition/flow-definition.js';

export const PAYLOAD_KEY = 'payload';

/** The event with the payload as it arrived under `payload` (the event as it is when there is none). */
export function withPayload<E extends object>(event: E, payload: unknown): E {
  return payload === undefined || payload === null ? event : { ...event, [PAYLOAD_KEY]: payload };
}

/** Whether a rule may read `payload` (an expression naming it anywhere counts: reading it is only a cost). */
export function ruleReadsPayload(rule: MappingRule): boolean {
  if (rule.kind === 'path' || rule.kind === 'lookup') return /^payload(?:$|[.[])/.test(rule.path);
  if (rule.kind === 'expression') return /(?<![\w$])payload\b/.test(rule.expression);
  return false;
}

/** Whether any rule of the mappings reads the payload as it arrived. */
export function mappingsReadPayload(mappings: FieldMappings | undefined): boolean {
  return Object.values(mappings ?? {}).some((fields) => Object.values(fields ?? {}).some(ruleReadsPayload));
}
