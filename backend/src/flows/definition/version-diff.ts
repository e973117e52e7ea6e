/**
 * Field by field, what changed between two versions of a flow: steps are compared by id (so a moved
 * step is one change, not a removal and an addition of everything in it), then every leaf of their
 * settings. Paths start at the step: `transform.config.statusMap.declined`.
 */
import type { FlowDefinition, FlowStep } from './flow-definition.js';

export interface FlowChange {
  path: string;
  stepId?: string;
  change: 'added' | 'removed' | 'changed' | 'moved';
  before?: unknown;
  after?: unknown;
}

export function diffDefinitions(before: FlowDefinition, after: FlowDefinition): FlowChange[] {
  const changes: FlowChange[] = [];
  if (before.kind !== after.kind) changes.push({ path: 'kind', change: 'changed', before: before.kind, after: after.kind });
  const afterIds = after.steps.map((step) => step.id);
  const beforeIds = before.steps.map((step) => step.id);
  for (const step of before.steps) {
    if (!afterIds.includes(step.id)) changes.push({ path: step.id, stepId: step.id, change: 'removed', before: step });
  }
  after.steps.forEach((step) => {
    const old = before.steps.find((candidate) => candidate.id === step.id);
    if (!old) {
      changes.push({ path: step.id, stepId: step.id, change: 'added', after: step });
      return;
    }
    const was = kept(beforeIds, afterIds).indexOf(step.id);
    const now = kept(afterIds, beforeIds).indexOf(step.id);
    if (was !== now) changes.push({ path: step.id, stepId: step.id, change: 'moved', before: was, after: now });
    diffValues(step.id, withoutId(old), withoutId(step), changes, step.id);
  });
  return changes;
}

/** The ids of `ids` also in `other`, in order: moves are judged among the steps both versions have. */
function kept(ids: string[], other: string[]): string[] {
  return ids.filter((id) => other.includes(id));
}

function withoutId(step: FlowStep): Record<string, unknown> {
  const { id: _id, ...rest } = step;
  return rest;
}

function diffValues(path: string, before: unknown, after: unknown, changes: FlowChange[], stepId: string): void {
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const at = `${path}.${key}`;
      if (!(key in after)) changes.push({ path: at, stepId, change: 'removed', before: before[key] });
      else if (!(key in before)) changes.push({ path: at, stepId, change: 'added', after: after[key] });
      else diffValues(at, before[key], after[key], changes, stepId);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && isKeyedList(before) && isKeyedList(after)) {
    diffKeyedList(path, before, after, changes, stepId);
    return;
  }
  if (!sameValue(before, after)) changes.push({ path, stepId, change: 'changed', before, after });
}

/** Lists of rules with ids (GL rules) are compared by id, like steps. */
function diffKeyedList(path: string, before: { id: string }[], after: { id: string }[], changes: FlowChange[], stepId: string): void {
  for (const item of before) if (!after.some((other) => other.id === item.id)) changes.push({ path: `${path}[${item.id}]`, stepId, change: 'removed', before: item });
  after.forEach((item, index) => {
    const old = before.findIndex((other) => other.id === item.id);
    if (old < 0) changes.push({ path: `${path}[${item.id}]`, stepId, change: 'added', after: item });
    else {
      const was = kept(before.map((i) => i.id), after.map((i) => i.id)).indexOf(item.id);
      const now = kept(after.map((i) => i.id), before.map((i) => i.id)).indexOf(item.id);
      if (was !== now) changes.push({ path: `${path}[${item.id}]`, stepId, change: 'moved', before: was, after: now });
      diffValues(`${path}[${item.id}]`, before[old], after[index], changes, stepId);
    }
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isKeyedList(list: unknown[]): list is { id: string }[] {
  return list.length > 0 && list.every((item) => isRecord(item) && typeof item.id === 'string');
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
