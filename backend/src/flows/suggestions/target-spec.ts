/**
 * The right side: a Sage Pro table as the suggester sees it, every column with its type and width
 * (the connector's field rules), required flag and description (the flows' target catalogue where it
 * has the column). Named by Sage Pro's lower-case table name, as people who know Sage Pro name them.
 */
import { FIELD_RULES, type FieldRule, type WritableTable } from '../../sagepro/field-rules.js';
import { SAGE_TARGETS, type TargetField } from '../mappings/sage-targets.js';

export interface SuggestTargetField {
  /** Lower-case column: 'paidamt'. */
  name: string;
  rule: FieldRule;
  required: boolean;
  description: string;
  /** Settle sets it itself (a mapping may not); suggestions still say what would fit. */
  settleOwns?: string;
}

export interface SuggestTarget {
  table: WritableTable;
  /** One row per element of a source array (sotran). */
  perLine: boolean;
  fields: readonly SuggestTargetField[];
}

export const SUGGEST_TABLES = ['arcash', 'armast', 'arcust', 'somast', 'sotran', 'ardist'] as const;
export type SuggestTable = (typeof SUGGEST_TABLES)[number];

/** Every column of a Sage Pro table the flows write, or undefined for another name. */
export function suggestTarget(table: string): SuggestTarget | undefined {
  if (!(SUGGEST_TABLES as readonly string[]).includes(table)) return undefined;
  const name = table as SuggestTable;
  const catalogue = new Map<string, TargetField>();
  for (const spec of Object.values(SAGE_TARGETS)) for (const field of spec.fields) if (field.table === name && !catalogue.has(field.name)) catalogue.set(field.name, field);
  const rules = FIELD_RULES[name] as Record<string, FieldRule>;
  const fields = Object.entries(rules).map(([column, rule]): SuggestTargetField => {
    const known = catalogue.get(column);
    return {
      name: column,
      rule,
      required: known?.required ?? false,
      description: known?.description ?? '',
      ...(known?.settleOwns === undefined ? {} : { settleOwns: known.settleOwns }),
    };
  });
  return { table: name, perLine: name === 'sotran', fields };
}
