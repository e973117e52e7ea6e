import { describe, expect, it } from 'vitest';
import { defaultFlowDefinition } from './default-flows.js';
import { checkFlowDefinition } from './flow-checks.js';
import type { FlowDefinition } from './flow-definition.js';

const payments = () => defaultFlowDefinition('payment_sync');
const problemsOf = (definition: unknown, chart?: Set<string>) => {
  const check = checkFlowDefinition(definition, { chart });
  return check.ok ? [] : check.problems;
};

describe('checkFlowDefinition', () => {
  it('passes both default flows', () => {
    expect(checkFlowDefinition(payments()).ok).toBe(true);
    expect(checkFlowDefinition(defaultFlowDefinition('order_to_cash')).ok).toBe(true);
  });

  it('names the path and step of a shape error', () => {
    const flow = payments() as unknown as { steps: { config: Record<string, unknown> }[] };
    flow.steps[2].config = { statusMap: { declined: 'bounced' } };
    const [problem] = problemsOf(flow);
    expect(problem).toMatchObject({ path: 'steps[2].config.statusMap.declined', stepId: 'transform' });
  });

  it('refuses a flow without a required step, with two of one, or out of order', () => {
    const without = payments();
    without.steps = without.steps.filter((step) => step.type !== 'validate');
    expect(problemsOf(without).map((p) => p.message)).toContain('a payment_sync flow needs a validate step');

    const reordered = payments();
    [reordered.steps[1], reordered.steps[2]] = [reordered.steps[2], reordered.steps[1]];
    expect(problemsOf(reordered)).toContainEqual(expect.objectContaining({ path: 'steps[2].type', stepId: 'match', message: 'a match step cannot come after the transform step "transform"' }));
  });

  it('lets filters and notifications be added where the kind allows them, with unique ids', () => {
    const flow: FlowDefinition = payments();
    flow.steps.splice(1, 0, { id: 'big-only', type: 'filter', config: { condition: 'amountMinor > 100', otherwise: 'ignore', reason: 'small payments are booked by hand' } });
    expect(problemsOf(flow)).toEqual([]);
    flow.steps.push({ id: 'big-only', type: 'notify', config: { triggers: ['declined'] } });
    expect(problemsOf(flow)).toEqual([expect.objectContaining({ path: 'steps[7].id', message: 'another step is called "big-only"' })]);
  });

  it('refuses branches the trigger does not take', () => {
    const flow = payments();
    flow.steps[0] = { id: 'trigger', type: 'trigger', config: { triggers: ['approved', 'order_created'] } };
    const problems = problemsOf(flow);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'steps[0].config.triggers[1]', message: expect.stringContaining('no trigger "order_created"') }));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'steps[1].on[1]', stepId: 'match', message: `the flow's trigger does not take "declined"` }));
  });

  it('checks GL accounts against the chart when it is known, and rules that can never fire', () => {
    const flow = payments();
    flow.steps[2] = {
      id: 'transform',
      type: 'transform',
      config: {
        glRules: [
          { id: 'amex', when: { cardBrands: ['AMEX'] }, account: '1100-AMEX' },
          { id: 'never', when: { amount: { atLeast: 500, atMost: 100 } }, account: '1000' },
        ],
      },
    };
    expect(problemsOf(flow)).toEqual([expect.objectContaining({ path: 'steps[2].config.glRules[1].when.amount' })]);
    expect(problemsOf(flow, new Set(['1000']))).toContainEqual(expect.objectContaining({ path: 'steps[2].config.glRules[0].account', message: expect.stringContaining('1100-AMEX, which is not in the company\'s chart') }));
  });

  it('checks the accounts field mappings name outright (constants, lookup values) against the chart; paths wait for the event', () => {
    const flow = payments();
    flow.steps[2] = {
      id: 'transform',
      type: 'transform',
      config: {
        mappings: {
          cash_receipt: { cashacct: { kind: 'lookup', path: 'fields.description', table: { AMEX: '1100', VISA: '1000' }, otherwise: '1999' } },
          gl_distribution: { descrip: { kind: 'constant', value: '9999' } },
        },
      },
    };
    expect(problemsOf(flow)).toEqual([]);
    expect(problemsOf(flow, new Set(['1000', '1100']))).toEqual([
      expect.objectContaining({ path: 'steps[2].config.mappings.cash_receipt.cashacct', message: "maps to account 1999, which is not in the company's chart of accounts" }),
    ]);
    flow.steps[2].config = { mappings: { cash_receipt: { cashacct: { kind: 'path', path: 'fields.description' } } } };
    expect(problemsOf(flow, new Set(['1000']))).toEqual([]);
  });

  it('refuses a notification on a trigger Settle has no alert for', () => {
    const flow = payments();
    flow.steps[5] = { id: 'notify', type: 'notify', config: { triggers: ['declined', 'refunded'] } };
    expect(problemsOf(flow)).toEqual([expect.objectContaining({ path: 'steps[5].config.triggers[1]', message: expect.stringContaining('not on refunded') })]);
  });

  it('refuses a reference rule whose regular expression could run away', () => {
    const flow = payments();
    flow.steps[1] = { id: 'match', type: 'match', on: ['approved', 'declined'], config: { references: [{ source: 'documentNumber', extract: '(a+)+$', target: 'invoice_number' }] } };
    expect(problemsOf(flow)).toEqual([expect.objectContaining({ path: 'steps[1].config.references[0].extract', stepId: 'match' })]);
  });

  it('refuses a filter condition or a field mapping that does not compile, naming the position', () => {
    const flow = payments();
    flow.steps.splice(1, 0, { id: 'big', type: 'filter', config: { condition: 'amountMinor >', otherwise: 'ignore', reason: 'r' } });
    flow.steps[3] = { id: 'transform', type: 'transform', config: { mappings: { cash_receipt: { nope: { kind: 'constant', value: 'x' } }, customer: { company: { kind: 'expression', expression: '$uppercase(' } } } } };
    const problems = problemsOf(flow);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'steps[1].config.condition', stepId: 'big', position: expect.any(Number) }));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'steps[3].config.mappings.cash_receipt.nope' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'steps[3].config.mappings.customer.company', position: expect.any(Number) }));
  });

  it('refuses a time zone that does not exist and payment settings on an order flow', () => {
    const flow = payments();
    flow.steps[2] = { id: 'transform', type: 'transform', config: { timeZone: 'Mars/Olympus' } };
    expect(problemsOf(flow)[0]).toMatchObject({ path: 'steps[2].config.timeZone' });
    const order = defaultFlowDefinition('order_to_cash');
    order.steps[2] = { id: 'transform', type: 'transform', config: { statusMap: { approved: 'paid' } } };
    expect(problemsOf(order)[0]).toMatchObject({ path: 'steps[2].config.statusMap', message: 'statusMap applies to payment sync flows' });
  });
});
