import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../api';
import { layoutFlow } from './layout';

/** The default payment flow (backend default-flows.ts). */
const payment: FlowDefinition = {
  kind: 'payment_sync',
  steps: [
    { id: 'trigger', type: 'trigger', config: { triggers: ['approved', 'declined', 'refunded', 'voided', 'charged_back', 'settled'] } },
    { id: 'match', type: 'match', on: ['approved', 'declined'], config: {} },
    { id: 'transform', type: 'transform', config: {} },
    { id: 'validate', type: 'validate', config: {} },
    { id: 'write', type: 'write', config: {} },
    { id: 'notify', type: 'notify', config: { triggers: ['declined', 'charged_back'] } },
  ],
};

const edge = (layout: ReturnType<typeof layoutFlow>, id: string) => layout.edges.find(e => e.id === id);

describe('layoutFlow', () => {
  it('draws the steps left to right in the model order', () => {
    const { nodes } = layoutFlow(payment);
    expect(nodes.map(n => n.id)).toEqual(['trigger', 'match', 'transform', 'validate', 'write', 'notify']);
    const xs = nodes.map(n => n.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(new Set(xs).size).toBe(xs.length);
  });

  it('draws a step of some branches on those branches edges only, and on a lane of its own', () => {
    const layout = layoutFlow(payment);
    expect(edge(layout, 'trigger->match')?.label).toBe('approved, declined');
    expect(edge(layout, 'match->transform')?.label).toBe('approved, declined');
    expect(edge(layout, 'trigger->transform')?.label).toBe('refunded, voided, charged_back, settled');
    expect(edge(layout, 'transform->validate')?.label).toBe('all');
    expect(edge(layout, 'write->notify')?.label).toBe('declined, charged_back');
    expect(layout.edges).toHaveLength(6);
    const lane = (id: string) => layout.nodes.find(n => n.id === id)!.y;
    expect(lane('match')).not.toBe(lane('transform'));
    expect(lane('notify')).toBe(lane('match'));
  });

  it('follows the trigger: a branch the trigger does not take has no edge', () => {
    const onlyApproved: FlowDefinition = { ...payment, steps: [{ ...payment.steps[0], config: { triggers: ['approved'] } }, ...payment.steps.slice(1)] };
    const layout = layoutFlow(onlyApproved);
    expect(layout.edges.every(e => e.branches.every(b => b === 'approved'))).toBe(true);
    expect(layout.edges.some(e => e.target === 'notify')).toBe(false);
  });

  it('a filter on all branches sits between the trigger and the match', () => {
    const filtered: FlowDefinition = { ...payment, steps: [payment.steps[0], { id: 'filter', type: 'filter', config: { condition: 'true', otherwise: 'ignore', reason: 'r' } }, ...payment.steps.slice(1)] };
    const layout = layoutFlow(filtered);
    expect(edge(layout, 'trigger->filter')?.label).toBe('all');
    expect(edge(layout, 'filter->match')?.label).toBe('approved, declined');
    expect(edge(layout, 'filter->transform')?.label).toBe('refunded, voided, charged_back, settled');
  });

  it('stacks the steps top to bottom on a phone', () => {
    const { nodes } = layoutFlow(payment, 'vertical');
    const ys = nodes.map(n => n.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(Math.max(...nodes.map(n => n.x)) + 160 + 12).toBeLessThan(390);
  });
});
