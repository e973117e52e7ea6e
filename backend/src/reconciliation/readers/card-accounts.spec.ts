import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../flows/definition/flow-definition.js';
import { cardAccounts } from './card-accounts.js';

describe('cardAccounts', () => {
  it("is the connection's cash account under the default flow", () => {
    expect(cardAccounts('1010', null)).toEqual(new Set(['1010']));
  });

  it("adds the flow's GL-rule accounts and the cash accounts its mappings name, not its sales accounts", () => {
    const flow = {
      kind: 'payment_sync',
      steps: [
        { id: 'transform', type: 'transform', config: {
          glRules: [{ id: 'amex', when: { cardBrands: ['AMEX'] }, account: '1015 ' }, { id: 'cad', when: { currencies: ['CAD'] }, account: '1020' }],
          mappings: {
            cash_receipt: { cashacct: { kind: 'lookup', path: 'method', table: { ach: '1030' }, otherwise: '1010' } },
            sales_order_line: { glsale: { kind: 'constant', value: '4000' } },
          },
        } },
      ],
    } as unknown as FlowDefinition;
    expect(cardAccounts('1010', flow)).toEqual(new Set(['1010', '1015', '1020', '1030']));
  });
});
