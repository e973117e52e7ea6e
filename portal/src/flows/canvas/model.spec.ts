import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../api';
import { addStep, changeField, moveStep, moveTarget, problemField, problemsByStep, removeStep, withStep } from './model';

const flow: FlowDefinition = {
  kind: 'payment_sync',
  steps: [
    { id: 'trigger', type: 'trigger', config: { triggers: ['approved', 'declined'] } },
    { id: 'match', type: 'match', config: {} },
    { id: 'transform', type: 'transform', config: {} },
    { id: 'validate', type: 'validate', config: {} },
    { id: 'write', type: 'write', config: {} },
    { id: 'notify', type: 'notify', config: { triggers: ['declined'] } },
  ],
};
const ids = (d: FlowDefinition) => d.steps.map(s => s.id);

describe('canvas edits', () => {
  it('adds filters after the trigger and earlier filters, notifications at the end, each with a fresh id', () => {
    const one = addStep(flow, 'filter');
    const two = addStep(one.definition, 'filter');
    expect(ids(two.definition)).toEqual(['trigger', 'filter', 'filter-2', 'match', 'transform', 'validate', 'write', 'notify']);
    const alert = addStep(flow, 'notify');
    expect(alert.id).toBe('notify-2');
    expect(ids(alert.definition).at(-1)).toBe('notify-2');
  });

  it('removes filters and notifications, never a required step', () => {
    expect(ids(removeStep(flow, 'notify'))).not.toContain('notify');
    expect(removeStep(flow, 'match')).toEqual(flow);
  });

  it('moves a filter among filters only', () => {
    const two = addStep(addStep(flow, 'filter').definition, 'filter').definition;
    expect(moveTarget(two, 'filter', -1)).toBeNull();
    expect(moveTarget(two, 'filter-2', 1)).toBeNull();
    expect(ids(moveStep(two, 'filter', 1)).slice(0, 3)).toEqual(['trigger', 'filter-2', 'filter']);
    expect(moveStep(flow, 'match', 1)).toEqual(flow);
  });

  it('replaces one step config and leaves out what is undefined', () => {
    const named = withStep(flow, 'transform', { config: { statusMap: { declined: null } }, name: undefined });
    expect(named.steps[2]).toEqual({ id: 'transform', type: 'transform', config: { statusMap: { declined: null } } });
    expect(named.steps[1]).toBe(flow.steps[1]);
  });

  it('puts each problem on its step and field, the rest on the flow', () => {
    const { steps, flow: whole } = problemsByStep(flow, [
      { path: 'steps[1].config.references[0].extract', stepId: 'match', message: 'm', position: null },
      { path: 'steps[5].config.triggers[0]', stepId: null, message: 'n', position: null },
      { path: 'steps', stepId: null, message: 'a flow needs a write step', position: null },
    ]);
    expect(steps.get('match')).toHaveLength(1);
    expect(steps.get('notify')?.[0].message).toBe('n');
    expect(whole.map(p => p.message)).toEqual(['a flow needs a write step']);
    expect(problemField({ path: 'steps[1].config.references[0].extract', stepId: 'match', message: '', position: null })).toBe('config.references[0].extract');
  });

  it('reads a diff change field within its step', () => {
    expect(changeField({ path: 'transform.config.statusMap.declined', stepId: 'transform', change: 'changed', before: 'failed', after: null })).toBe('config.statusMap.declined');
    expect(changeField({ path: 'filter', stepId: 'filter', change: 'added', before: undefined, after: {} })).toBe('');
  });
});
