import { describe, expect, it } from 'vitest';
import { defaultFlowDefinition } from './default-flows.js';
import type { FlowDefinition } from './flow-definition.js';
import { diffDefinitions } from './version-diff.js';

const payments = (): FlowDefinition => defaultFlowDefinition('payment_sync');

describe('diffDefinitions', () => {
  it('finds no change between equal versions', () => {
    expect(diffDefinitions(payments(), payments())).toEqual([]);
  });

  it('names each changed setting by step and field', () => {
    const after = payments();
    after.steps[2] = { id: 'transform', type: 'transform', name: 'Status, GL account, date', config: { statusMap: { declined: 'voided' } } };
    expect(diffDefinitions(payments(), after)).toEqual([{ path: 'transform.config.statusMap', stepId: 'transform', change: 'added', after: { declined: 'voided' } }]);
    const later = payments();
    later.steps[2] = { id: 'transform', type: 'transform', name: 'Status, GL account, date', config: { statusMap: { declined: 'failed' } } };
    expect(diffDefinitions(after, later)).toEqual([{ path: 'transform.config.statusMap.declined', stepId: 'transform', change: 'changed', before: 'voided', after: 'failed' }]);
  });

  it('tells added, removed and moved steps apart', () => {
    const after = payments();
    after.steps.splice(1, 0, { id: 'big', type: 'filter', config: { condition: 'true', otherwise: 'ignore', reason: 'r' } });
    after.steps = after.steps.filter((step) => step.id !== 'notify');
    const changes = diffDefinitions(payments(), after);
    expect(changes.map((c) => [c.path, c.change])).toEqual([
      ['notify', 'removed'],
      ['big', 'added'],
    ]);
  });

  it('compares GL rules by id: a reordered rule is a move, an edited one a change', () => {
    const withRules = (rules: { id: string; account: string }[]) => {
      const flow = payments();
      flow.steps[2] = { id: 'transform', type: 'transform', config: { glRules: rules.map((r) => ({ ...r, when: {} })) } };
      return flow;
    };
    const changes = diffDefinitions(withRules([{ id: 'a', account: '1' }, { id: 'b', account: '2' }]), withRules([{ id: 'b', account: '3' }, { id: 'a', account: '1' }]));
    expect(changes).toContainEqual(expect.objectContaining({ path: 'transform.config.glRules[b]', change: 'moved' }));
    expect(changes).toContainEqual(expect.objectContaining({ path: 'transform.config.glRules[b].account', change: 'changed', before: '2', after: '3' }));
  });
});
