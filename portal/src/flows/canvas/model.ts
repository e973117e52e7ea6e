/**
 * What the canvas may do to a draft, as plain functions of a definition: the flow's branches, which
 * steps a person may add, remove or move (filters and notifications, among their own kind; the
 * required steps stay), and where each problem of the checks and each change of a diff belongs.
 */
import type { FlowChange, FlowDefinition, FlowProblem, FlowStep } from '../api';

/** The triggers of each kind (flow-definition.ts TRIGGERS). */
export const KIND_TRIGGERS: Record<string, readonly string[]> = {
  payment_sync: ['approved', 'declined', 'refunded', 'voided', 'charged_back', 'settled'],
  order_to_cash: ['order_created'],
};

/** Steps a person may add, remove and move (flow-definition.ts: every other type is required, exactly once). */
export const OPTIONAL_TYPES = ['filter', 'notify'] as const;
export const isOptional = (step: FlowStep) => (OPTIONAL_TYPES as readonly string[]).includes(step.type);

/** The branches the flow's trigger takes. */
export function flowTriggers(definition: FlowDefinition): string[] {
  const trigger = definition.steps.find(s => s.type === 'trigger');
  const taken = (trigger?.config.triggers as string[] | undefined) ?? [];
  return taken.length ? taken : [...(KIND_TRIGGERS[definition.kind] ?? [])];
}

/** The branches a step applies to: its `on`, a notification's triggers, else every branch. */
export function branchesOf(step: FlowStep, all: readonly string[]): string[] {
  let own = step.on ?? all;
  if (step.type === 'notify') {
    const notified = (step.config.triggers as string[] | undefined) ?? [];
    own = own.filter(t => notified.includes(t));
  }
  return all.filter(t => own.includes(t));
}

const STEP_ORDER = ['trigger', 'filter', 'match', 'transform', 'validate', 'write', 'notify'];

function freshId(definition: FlowDefinition, base: string): string {
  const taken = new Set(definition.steps.map(s => s.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new filter (after the last filter, or the trigger) or notification (at the end), with its id. */
export function addStep(definition: FlowDefinition, type: 'filter' | 'notify'): { definition: FlowDefinition; id: string } {
  const id = freshId(definition, type);
  const step: FlowStep = type === 'filter'
    ? { id, type, name: 'Filter', config: { condition: 'true', otherwise: 'ignore', reason: 'Stopped by a filter' } }
    : { id, type, name: 'Alert', config: { triggers: ['declined'] } };
  const rank = STEP_ORDER.indexOf(type);
  // After every step of its own type or an earlier one: the checks' order holds.
  let at = 0;
  definition.steps.forEach((s, i) => { if (STEP_ORDER.indexOf(s.type) <= rank) at = i + 1; });
  const steps = [...definition.steps];
  steps.splice(at, 0, step);
  return { definition: { ...definition, steps }, id };
}

export function removeStep(definition: FlowDefinition, id: string): FlowDefinition {
  return { ...definition, steps: definition.steps.filter(s => !(s.id === id && isOptional(s))) };
}

/** The index a step would move to (-1 or +1), when its neighbour there is of its own type; else null. */
export function moveTarget(definition: FlowDefinition, id: string, by: -1 | 1): number | null {
  const index = definition.steps.findIndex(s => s.id === id);
  const step = definition.steps[index];
  const neighbour = definition.steps[index + by];
  return step && neighbour && isOptional(step) && neighbour.type === step.type ? index + by : null;
}

export function moveStep(definition: FlowDefinition, id: string, by: -1 | 1): FlowDefinition {
  const to = moveTarget(definition, id, by);
  if (to === null) return definition;
  const steps = [...definition.steps];
  const from = steps.findIndex(s => s.id === id);
  [steps[from], steps[to]] = [steps[to], steps[from]];
  return { ...definition, steps };
}

/** The definition with one step's config (and name) replaced. */
export function withStep(definition: FlowDefinition, id: string, change: Partial<Pick<FlowStep, 'config' | 'name' | 'on'>>): FlowDefinition {
  return { ...definition, steps: definition.steps.map(s => (s.id === id ? dropUndefined({ ...s, ...change }) : s)) };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const STEP_PATH = /^steps\[(\d+)\](?:\.(.*))?$/;

/** The step a problem is about (its stepId, else the index its path names), or null for the whole flow. */
export function problemStep(definition: FlowDefinition, problem: FlowProblem): string | null {
  if (problem.stepId) return problem.stepId;
  const index = STEP_PATH.exec(problem.path)?.[1];
  return index === undefined ? null : definition.steps[Number(index)]?.id ?? null;
}

/** The field of its step a problem names: 'config.condition', 'config.statusMap.declined', '' for the step itself. */
export function problemField(problem: FlowProblem): string {
  return STEP_PATH.exec(problem.path)?.[2] ?? '';
}

/** Does a problem (or diff change) at `field` belong to the form field `name` ('config.condition' holds 'config.condition.x')? */
export const fieldHolds = (name: string, field: string) => field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`);

export function problemsByStep(definition: FlowDefinition, problems: FlowProblem[]): { steps: Map<string, FlowProblem[]>; flow: FlowProblem[] } {
  const steps = new Map<string, FlowProblem[]>();
  const flow: FlowProblem[] = [];
  for (const problem of problems) {
    const id = problemStep(definition, problem);
    if (id === null) flow.push(problem);
    else steps.set(id, [...(steps.get(id) ?? []), problem]);
  }
  return { steps, flow };
}

/** A diff change's field within its step: 'transform.config.statusMap.declined' → 'config.statusMap.declined'. */
export function changeField(change: FlowChange): string {
  if (!change.stepId) return change.path;
  return change.path === change.stepId ? '' : change.path.slice(change.stepId.length + 1);
}

export function changesByStep(changes: FlowChange[]): Map<string, FlowChange[]> {
  const byStep = new Map<string, FlowChange[]>();
  for (const change of changes) {
    const id = change.stepId ?? '';
    byStep.set(id, [...(byStep.get(id) ?? []), change]);
  }
  return byStep;
}
