/**
 * What the mapper does to a draft, as plain functions: read and write the transform step's
 * `config.mappings`, fold the sample's leaves into a tree, pick what "accept all above" accepts, and
 * the flags shown before publishing. Source paths are opaque: written into rules exactly as the API
 * gave them (`payload.invoice_id`, `line_items[].sku`, …).
 */
import type { FlowDefinition } from '../api';
import type { FieldMappings, FieldSuggestion, MappingRule, SourceLeaf, TargetField, TargetRecord } from './api';

export const transformStep = (definition: FlowDefinition) => definition.steps.find(s => s.type === 'transform');

export function mappingsOf(definition: FlowDefinition): FieldMappings {
  return (transformStep(definition)?.config.mappings as FieldMappings | undefined) ?? {};
}

/** One field's rule set (or, undefined, removed); records left empty are left out. */
export function withRule(mappings: FieldMappings, record: string, field: string, rule: MappingRule | undefined): FieldMappings {
  const { [field]: _old, ...others } = mappings[record] ?? {};
  const fields = rule ? { ...others, [field]: rule } : others;
  const { [record]: _record, ...rest } = mappings;
  return Object.keys(fields).length ? { ...rest, [record]: fields } : rest;
}

/** The draft with these mappings on its transform step (none: the key left out, Settle's defaults). */
export function withMappings(definition: FlowDefinition, mappings: FieldMappings): FlowDefinition {
  return {
    ...definition,
    steps: definition.steps.map(step => {
      if (step.type !== 'transform') return step;
      const { mappings: _old, ...config } = step.config;
      return { ...step, config: Object.keys(mappings).length ? { ...config, mappings } : config };
    }),
  };
}

export const countMapped = (mappings: FieldMappings) => Object.values(mappings).reduce((n, fields) => n + Object.keys(fields ?? {}).length, 0);

export function ruleText(rule: MappingRule): string {
  switch (rule.kind) {
    case 'path': return rule.path;
    case 'constant': return JSON.stringify(rule.value);
    case 'expression': return rule.expression;
    case 'lookup': return `lookup of ${rule.path} (${Object.keys(rule.table).length} values, otherwise ${JSON.stringify(rule.otherwise)})`;
  }
}

export interface SourceNode { name: string; key: string; leaf?: SourceLeaf; children: SourceNode[] }

/** 'line_items[].sku' → ['line_items[]', 'sku']; a name may itself hold brackets ('lines[0]'). */
const segments = (path: string) => path.split('.').filter(Boolean);

/** The leaves as a tree of their path segments, in the API's order. */
export function sourceTree(leaves: SourceLeaf[]): SourceNode[] {
  const root: SourceNode = { name: '', key: '', children: [] };
  for (const leaf of leaves) {
    let node = root;
    const parts = segments(leaf.path);
    parts.forEach((part, i) => {
      const key = parts.slice(0, i + 1).join('.');
      let child = node.children.find(c => c.key === key && !c.leaf === (i < parts.length - 1));
      if (!child) {
        child = { name: part, key, children: [] };
        node.children.push(child);
      }
      if (i === parts.length - 1) child.leaf = leaf;
      node = child;
    });
  }
  return root.children;
}

/**
 * May a leaf feed a field of this record? `[]` paths only for a per-line record, and only those of
 * the array its rows come from (all of a record's rules walk the same array).
 */
export const fits = (leaf: Pick<SourceLeaf, 'inArray' | 'arrayPath'>, perLine: boolean, rowsFrom: string | null = null) =>
  !leaf.inArray || (perLine && (!rowsFrom || leaf.arrayPath === rowsFrom));

/** A field a mapping may set: Settle owns the rest. */
export const mappable = (field: TargetField) => !field.settleOwns;

/** What "accept all above" takes: each unmapped, mappable field's suggestion at or above the threshold. */
export function acceptable(suggestions: FieldSuggestion[], fields: Record<string, MappingRule>, threshold: number): { field: string; path: string }[] {
  return suggestions
    .filter(s => !s.settleOwns && !fields[s.field] && s.suggestion && s.suggestion.confidence >= threshold)
    .map(s => ({ field: s.field, path: s.suggestion!.path }));
}

export interface FieldFlag { field: string; message: string }

/**
 * Flags before publishing: a required field with no rule where Settle has no default, and a rule
 * whose value on the sample breaks the field's rule (the evaluation's error).
 */
export function fieldFlags(targets: TargetField[], fields: Record<string, MappingRule>, errors: Record<string, string | undefined>): FieldFlag[] {
  const flags: FieldFlag[] = [];
  for (const target of targets) {
    if (!mappable(target)) continue;
    if (!fields[target.name] && target.required && !target.defaultValue) flags.push({ field: target.name, message: 'required, and Settle has no default: map it' });
    const error = fields[target.name] ? errors[target.name] : undefined;
    if (error) flags.push({ field: target.name, message: error });
  }
  return flags;
}

export const percent = (confidence: number) => `${Math.round(confidence * 100)}%`;

/** A value as the field shows it: per-line records give one per line. */
export function valueText(value: unknown): string {
  if (value === undefined) return '—';
  return JSON.stringify(value);
}

export const isRecord = (value: string, records: readonly string[]): value is TargetRecord => records.includes(value);
