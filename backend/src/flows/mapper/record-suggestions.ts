/**
 * The suggestion engine (../suggestions) speaks Sage Pro tables (`arcash`); a flow's mappings speak
 * target records (`cash_receipt`). These functions translate: a record's fields as the mapper's
 * right side shows them, and the suggestions for a record's fields, each asked of its own table
 * (invoice_status takes columns of ARMAST and SOMAST).
 */
import type { TargetRecord } from '../definition/flow-definition.js';
import { ruleText, SAGE_TARGETS, type CompanyCode } from '../mappings/sage-targets.js';
import type { Priors } from '../suggestions/priors.js';
import type { SourceTree } from '../suggestions/source-tree.js';
import { suggestMappings, type Candidate } from '../suggestions/suggest.js';
import { suggestTarget } from '../suggestions/target-spec.js';

export interface TargetFieldView {
  name: string;
  /** 'arcash' */
  table: string;
  /** 'char', 'money', 'date', 'numeric', 'memo', … */
  type: string;
  /** 'char(6)', 'numeric(12,2)' */
  typeText: string;
  /** Characters for char; digits for numeric; null for the others. */
  width: number | null;
  scale: number | null;
  required: boolean;
  description: string;
  defaultValue: string | null;
  /** Why Settle sets the field itself (no mapping may); null when mappable. */
  settleOwns: string | null;
  code: CompanyCode | null;
}

/** Every field of `record` as the mapper's right side shows it. */
export function targetFields(record: TargetRecord): TargetFieldView[] {
  return SAGE_TARGETS[record].fields.map((field) => {
    const rule = field.rule as { type: string; width?: number; precision?: number; scale?: number };
    return {
      name: field.name,
      table: field.table,
      type: rule.type,
      typeText: ruleText(field.rule),
      width: rule.width ?? rule.precision ?? null,
      scale: rule.scale ?? null,
      required: field.required,
      description: field.description,
      defaultValue: field.defaultValue ?? null,
      settleOwns: field.settleOwns ?? null,
      code: field.code ?? null,
    };
  });
}

export interface RecordSuggestion {
  field: string;
  /** 'arcash.invno': the key decisions are counted under. */
  target: string;
  required: boolean;
  settleOwns: string | null;
  /** Best first, confidence in [0, 1]. */
  candidates: Candidate[];
  suggestion: Candidate | null;
  /** 'no good source' when nothing reaches the threshold. */
  abstained: string | null;
}

export interface RecordSuggestionOptions {
  format: string;
  priors?: Priors;
  companyValues?: ReadonlyMap<string, ReadonlySet<string>>;
  threshold?: number;
  /** Only these fields of the record; default all. */
  fields?: readonly string[];
  /** For a per-line record: the array its rows come from (default: the one that looks like the lines). */
  linesPath?: string;
}

/** Suggestions for the fields of `record`, in the catalogue's order. */
export function suggestForRecord(tree: SourceTree, record: TargetRecord, options: RecordSuggestionOptions): RecordSuggestion[] {
  const wanted = SAGE_TARGETS[record].fields.filter((field) => options.fields === undefined || options.fields.includes(field.name));
  const tables = [...new Set(wanted.map((field) => field.table))];
  const byTarget = new Map<string, RecordSuggestion>();
  for (const table of tables) {
    const target = suggestTarget(table);
    if (!target) continue;
    const fields = wanted.filter((field) => field.table === table).map((field) => field.name);
    const result = suggestMappings(tree, target, {
      format: options.format,
      ...(options.priors ? { priors: options.priors } : {}),
      ...(options.companyValues ? { companyValues: options.companyValues } : {}),
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      ...(options.linesPath === undefined ? {} : { linesPath: options.linesPath }),
      fields,
    });
    for (const field of result.fields) {
      const candidates = field.candidates.map(capped);
      byTarget.set(`${table}.${field.field}`, {
        field: field.field,
        target: `${table}.${field.field}`,
        required: field.required,
        settleOwns: field.settleOwns ?? null,
        candidates,
        suggestion: field.suggestion ? capped(field.suggestion) : null,
        abstained: field.abstained ?? null,
      });
    }
  }
  return wanted.flatMap((field) => byTarget.get(`${field.table}.${field.name}`) ?? []);
}

/** Priors may lift a raw score past 1 (to rank); people see it in [0, 1], to two places. */
function capped(candidate: Candidate): Candidate {
  return { ...candidate, confidence: Math.round(Math.min(1, candidate.confidence) * 100) / 100 };
}

/** The Sage Pro column a record's field writes ('cash_receipt', 'invno' → 'arcash.invno'). */
export function targetColumn(record: TargetRecord, field: string): string | undefined {
  const found = SAGE_TARGETS[record].fields.find((candidate) => candidate.name === field);
  return found ? `${found.table}.${found.name}` : undefined;
}
