import { Injectable } from '@nestjs/common';
import { stepsOn } from '../../flows/definition/branch-settings.js';
import { applyOrderMappings, type OrderInputs } from '../../flows/mappings/order-inputs.js';
import { checkMappedCodes, orderCodes } from '../../flows/mappings/mapped-codes.js';
import { compiledForVersion, mapOrder, mapsOrder } from '../../flows/mappings/order-mapping.js';
import type { Integration } from '../../generated/prisma/client.js';
import type { NewCustomer, NewSalesOrder, SageProCompany } from '../../sagepro/company.js';
import { PermanentSageProError } from '../../sagepro/errors.js';
import type { OrderEvent } from '../events/settle-event.js';
import { decideCustomer, salesOrderFor } from '../workflows/order-decisions.js';
import { baseRateOn, type RateReader } from './base-rate.js';
import type { OpenCompany } from './drain-context.js';
import type { EventWork } from './event-work.js';
import { flowLabel } from './running-flow.js';

/**
 * Order-to-cash: the shop's customer found by email or created, then a sales order with its lines and
 * stock allocated. Both writes carry the order's reference, so a retry finds them instead of repeating.
 * The flow version's field mappings replace Settle's defaults in both, checked before the first write.
 */
@Injectable()
export class OrderWorkflow {
  async run(work: EventWork, event: OrderEvent, integration: Integration, open: OpenCompany, rates: RateReader): Promise<void> {
    const company = open.company;
    const found = event.customer.email ? await work.timeline.step('looked up the customer', () => company.findCustomer({ email: event.customer.email }), (r) => ({ detail: { found: r.length } })) : [];
    const decision = decideCustomer(event, found);
    // The customer number is known only once the customer exists; the mappings are applied before that.
    const defaults = { customer: decision.kind === 'create' ? decision.customer : undefined, order: salesOrderFor(event, '', integration.orderLocation, open.timeZone) };
    const inputs = await this.mapped(work, event, defaults, company);
    let custno: string;
    if (decision.kind === 'existing') {
      custno = decision.custno;
      work.timeline.note('customer', { custno }, 'customer_by_email');
    } else {
      const customer = inputs.customer!;
      const created = await work.timeline.step('customer created', () => company.createCustomer(customer), (o) => ({ rule: 'new_customer', detail: { write: o.kind, custno: o.records.custno } }));
      custno = created.records.custno;
      work.effects.push({ sageProConnectionId: open.connectionId, kind: 'customer', reference: customer.reference, custno, writeOutcome: created.kind, records: created.records });
    }
    // An order in another currency than the company's: its base figures at the tenant's rate of the order date.
    const baseRate = await baseRateOn(event.currency, company.options.fallbackCurrency, inputs.order.date ?? defaults.order.date!, rates);
    const order = { ...inputs.order, custno, ...(baseRate ? { baseRate } : {}) };
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

  /**
   * The inputs with the flow version's mappings in place of the defaults. A rule that fails or gives a
   * value Sage Pro refuses (a field rule, or an account or ORDRSTAT code the company lacks, read once)
   * makes the order a validation dead letter naming the rule, before any write; with no mappings (the
   * default flows) the defaults go through as they are.
   */
  private async mapped(work: EventWork, event: OrderEvent, defaults: { customer?: NewCustomer; order: NewSalesOrder }, company: SageProCompany): Promise<OrderInputs> {
    const flow = work.flow;
    const mappings = flow && stepsOn(flow.definition, 'transform', 'order_created')[0]?.config.mappings;
    if (!flow || !mapsOrder(mappings)) return { ...defaults, notApplied: [] };
    return work.timeline.step(
      'mapped',
      async () => {
        const compiled = compiledForVersion(flow.versionId, mappings);
        if (!compiled.ok) throw mappingFailure(flow.versionId ? flowLabel(flow) : 'the flow', compiled.errors);
        const withCustomer = defaults.customer !== undefined;
        const mapping = await mapOrder(compiled.compiled, await work.mappingSource(event, mappings), { currency: event.currency, withCustomer });
        if (mapping.errors.length > 0) throw mappingFailure(flowLabel(flow), mapping.errors);
        const refused = await checkMappedCodes(orderCodes(mapping.values, withCustomer), (codes) => company.checkCodes(codes));
        if (refused.length > 0) throw mappingFailure(flowLabel(flow), refused);
        try {
          return { ...applyOrderMappings(defaults, mapping.values), fired: mapping.fired };
        } catch (error) {
          throw mappingFailure(flowLabel(flow), [{ rule: 'sales_order_line', message: (error as Error).message }]);
        }
      },
      (inputs) => ({ rule: 'mappings', detail: { flow: flowLabel(flow), fired: inputs.fired, ...(inputs.notApplied.length > 0 ? { notApplied: inputs.notApplied } : {}) } }),
    );
  }
}

/** 'mappings.sales_order.ponum: …' for every failed rule; the first names the dead letter's field. */
function mappingFailure(where: string, errors: readonly { rule: string; message: string; value?: string }[]): PermanentSageProError {
  const message = errors.map((error) => `mappings.${error.rule}: ${error.message}`).join('; ');
  return new PermanentSageProError('validation', `${message} (field mappings of ${where})`, `mappings.${errors[0].rule}`, errors[0].value);
}
