import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import { branchSettings, type PairSettings } from './branch-settings.js';
import { defaultFlowDefinition } from './default-flows.js';
import type { FlowDefinition } from './flow-definition.js';

const pair: PairSettings = { matchWindowDays: 7, unmatchedPolicy: 'manual_review', timeZone: 'America/Los_Angeles', gl: { cash: '1000', refunds: '4100', chargebacks: '4200' } };
const refund: PaymentEvent = { type: 'payment.refunded', transactionId: '9', amountMinor: 500, currency: 'USD', occurredAt: '2026-12-01T10:00:00Z', method: 'card' };

function withTransform(config: Extract<FlowDefinition['steps'][number], { type: 'transform' }>['config'], on?: string[]): FlowDefinition {
  const flow = defaultFlowDefinition('payment_sync');
  flow.steps[2] = { id: 'transform', type: 'transform', ...(on ? { on } : {}), config };
  return flow;
}

describe('branchSettings', () => {
  it("takes every setting from the pair when the flow sets none (the default flow)", () => {
    const settings = branchSettings(defaultFlowDefinition('payment_sync'), 'refunded', pair);
    expect(settings.timeZone).toBe('America/Los_Angeles');
    expect(settings.unmatched).toBe('manual_review');
    expect(settings.matchDefaults).toEqual({ referenceField: 'documentNumber', windowDays: 7, timeZone: 'America/Los_Angeles' });
    expect(settings.status('refunded')).toBe('refunded');
    expect(settings.gl(refund)).toEqual({ account: '4100', rule: 'default:refunded' });
    expect(settings.ruledAccount(refund)).toBeUndefined();
  });

  it("applies the flow's transform step to its own branches only", () => {
    const flow = withTransform({ statusMap: { refunded: 'voided' }, timeZone: 'Europe/London', glRules: [{ id: 'refunds-eu', when: { triggers: ['refunded'] }, account: '4150' }] }, ['refunded']);
    const refunded = branchSettings(flow, 'refunded', pair);
    expect(refunded.status('refunded')).toBe('voided');
    expect(refunded.timeZone).toBe('Europe/London');
    expect(refunded.ruledAccount(refund)).toBe('4150');
    const approved = branchSettings(flow, 'approved', pair);
    expect(approved.status('partly_paid')).toBe('partly_paid');
    expect(approved.timeZone).toBe('America/Los_Angeles');
  });

  it('keeps Paid and Partly paid apart through a map that names approved', () => {
    const settings = branchSettings(withTransform({ statusMap: { approved: 'paid', declined: null } }), 'approved', pair);
    expect(settings.status('partly_paid')).toBe('partly_paid');
    expect(settings.status('paid')).toBe('paid');
    expect(branchSettings(withTransform({ statusMap: { declined: null } }), 'declined', pair).status('failed')).toBeNull();
  });
});
