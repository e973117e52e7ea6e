import { Injectable } from '@nestjs/common';
import type { Integration } from '../../generated/prisma/client.js';
import type { OrderEvent } from '../events/settle-event.js';
import { decideCustomer, salesOrderFor } from '../workflows/order-decisions.js';
import type { OpenCompany } from './drain-context.js';
import type { EventWork } from './event-work.js';

/**
 * Order-to-cash: the shop's customer found by email or created, then a sales order with its lines and
 * stock allocated. Both writes carry the order's reference, so a retry finds them instead of repeating.
 */
@Injectable()
export class OrderWorkflow {
  async run(work: EventWork, event: OrderEvent, integration: Integration, open: OpenCompany): Promise<void> {
    const company = open.company;
    const found = event.customer.email ? await work.timeline.step('looked up the customer', () => company.findCustomer({ email: event.customer.email }), (r) => ({ detail: { found: r.length } })) : [];
    const decision = decideCustomer(event, found);
    let custno: string;
    if (decision.kind === 'existing') {
      custno = decision.custno;
      work.timeline.note('customer', { custno }, 'customer_by_email');
    } else {
      const created = await work.timeline.step('customer created', () => company.createCustomer(decision.customer), (o) => ({ rule: 'new_customer', detail: { write: o.kind, custno: o.records.custno } }));
      custno = created.records.custno;
      work.effects.push({ sageProConnectionId: open.connectionId, kind: 'customer', reference: decision.customer.reference, custno, writeOutcome: created.kind, records: created.records });
    }
    const order = salesOrderFor(event, custno, integration.orderLocation, open.timeZone);
    const written = await work.timeline.step('sales order created', () => company.createSalesOrder(order), (o) => ({ detail: { write: o.kind, sono: o.records.sono } }));
    work.effects.push({
      sageProConnectionId: open.connectionId,
      kind: 'sales_order',
      reference: order.reference,
      sono: written.records.sono,
      custno,
      amountMinor: written.records.amountCents,
      currency: written.records.currency,
      writeOutcome: written.kind,
      records: written.records,
    });
    work.done({ sono: written.records.sono, custno, write: written.kind });
  }
}
