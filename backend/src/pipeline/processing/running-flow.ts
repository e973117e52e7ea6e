/**
 * The flow an event runs: the version deployed to its pair's environment, or the built-in default
 * flow (version 0) while none is. Plain functions over the flow definition; the drain reads the
 * deployed version once per pair and kind (DrainContext.flow).
 */
import { defaultFlowDefinition } from '../../flows/definition/default-flows.js';
import type { FlowDefinition, FlowKind, Trigger } from '../../flows/definition/flow-definition.js';
import { triggerOf } from '../../flows/transformations/status-map.js';
import { isPaymentEvent, type SettleEvent } from '../events/settle-event.js';
import type { FlowStamp } from './event-result.js';

export interface RunningFlow extends FlowStamp {
  kind: FlowKind;
  definition: FlowDefinition;
}

const DEFAULTS: Record<FlowKind, RunningFlow> = {
  payment_sync: { kind: 'payment_sync', versionId: null, number: 0, definition: defaultFlowDefinition('payment_sync') },
  order_to_cash: { kind: 'order_to_cash', versionId: null, number: 0, definition: defaultFlowDefinition('order_to_cash') },
};

export function defaultRunningFlow(kind: FlowKind): RunningFlow {
  return DEFAULTS[kind];
}

export function flowKindOf(event: SettleEvent): FlowKind {
  return isPaymentEvent(event) ? 'payment_sync' : 'order_to_cash';
}

/** The branch of the flow an event takes: 'approved', 'charged_back', 'order_created'. */
export function triggerOfEvent(event: SettleEvent): Trigger {
  return isPaymentEvent(event) ? triggerOf(event.type) : 'order_created';
}

/** Whether the flow's trigger takes this branch at all. */
export function takesTrigger(flow: RunningFlow, trigger: Trigger): boolean {
  const step = flow.definition.steps.find((s) => s.type === 'trigger');
  return step?.type === 'trigger' && step.config.triggers.includes(trigger);
}

/** The triggers the flow's notify steps alert on. */
export function notifiedTriggers(flow: RunningFlow): string[] {
  return flow.definition.steps.flatMap((step) => (step.type === 'notify' ? step.config.triggers : []));
}

/** How a version reads on a timeline: 'payment_sync v3', or 'payment_sync default'. */
export function flowLabel(flow: RunningFlow): string {
  return `${flow.kind} ${flow.versionId ? `v${flow.number}` : 'default'}`;
}
