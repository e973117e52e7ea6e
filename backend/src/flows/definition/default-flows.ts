/**
 * Today's eight workflows as the two default flows. Their steps set nothing of their own: every
 * setting comes from the pair (the integration's reference field, match window and unmatched policy;
 * the Sage Pro connection's status codes, status places and GL accounts), so a tenant whose flows were
 * never edited syncs exactly as before flows existed, and a pair's settings still apply to them.
 *
 *   payment sync: approved sale → receipt on the matched invoice, Paid (1); declined → Payment Failed
 *   and an alert (2); refund and void → receipt reversed, Refunded (3); chargeback → dispute, reversal
 *   and an alert (4); no invoice → review or payment on account (5); a Sage Pro field rule broken →
 *   rejected naming the field (6); a second payment for a paid invoice → review (7).
 *   order to cash: a shop's order → customer, sales order with lines, stock allocated (8).
 */
import { type FlowDefinition, type FlowKind, TRIGGERS } from './flow-definition.js';

export function defaultFlowDefinition(kind: FlowKind): FlowDefinition {
  return kind === 'payment_sync' ? paymentSync() : orderToCash();
}

function paymentSync(): FlowDefinition {
  return {
    kind: 'payment_sync',
    steps: [
      { id: 'trigger', type: 'trigger', name: 'PayTrace payment', config: { triggers: [...TRIGGERS.payment_sync] } },
      { id: 'match', type: 'match', name: 'Find the invoice', on: ['approved', 'declined'], config: {} },
      { id: 'transform', type: 'transform', name: 'Status, GL account, date', config: {} },
      { id: 'validate', type: 'validate', name: "Sage Pro's field rules", config: {} },
      { id: 'write', type: 'write', name: 'Write to Sage Pro', config: {} },
      { id: 'notify', type: 'notify', name: 'Alert', config: { triggers: ['declined', 'charged_back'] } },
    ],
  };
}

function orderToCash(): FlowDefinition {
  return {
    kind: 'order_to_cash',
    steps: [
      { id: 'trigger', type: 'trigger', name: 'Shop order', config: { triggers: [...TRIGGERS.order_to_cash] } },
      { id: 'match', type: 'match', name: 'Find or create the customer', config: {} },
      { id: 'transform', type: 'transform', name: 'Order and lines', config: {} },
      { id: 'validate', type: 'validate', name: "Sage Pro's field rules", config: {} },
      { id: 'write', type: 'write', name: 'Sales order in Sage Pro', config: {} },
    ],
  };
}
