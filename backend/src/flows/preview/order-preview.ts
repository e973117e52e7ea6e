/**
 * What a version of an order-to-cash flow would do with one shop order, written nowhere: the customer
 * found by email (or the one it would create), the sales order and its lines with the version's field
 * mappings in place, and every mapping error named by its rule. Rows are the connector's inputs in
 * Sage Pro's field names; numbers a write takes from SYSDATA (custno of a new customer, sono) are not
 * taken.
 */
import type { OrderEvent } from '../../pipeline/events/settle-event.js';
import { decideCustomer, salesOrderFor } from '../../pipeline/workflows/order-decisions.js';
import type { CodeCheck, CustomerQuery, CustomerRecord, NewCustomer, NewSalesOrder, RefusedCode } from '../../sagepro/company.js';
import { minorToSageMoney } from '../../sagepro/money.js';
import { stepsOn } from '../definition/branch-settings.js';
import type { FlowDefinition } from '../definition/flow-definition.js';
import { applyOrderMappings } from '../mappings/order-inputs.js';
import { checkMappedCodes, orderCodes } from '../mappings/mapped-codes.js';
import { compiledForVersion, mapOrder } from '../mappings/order-mapping.js';
import type { FlowPreview, PreviewRow } from './payment-preview.js';

export interface OrderPreviewReads {
  findCustomer(query: CustomerQuery): Promise<CustomerRecord[]>;
  /** The company's chart and ORDRSTAT codes for mapped values (SageProCompany.checkCodes); unchecked without one. */
  checkCodes?(codes: CodeCheck): Promise<RefusedCode[]>;
}

export interface OrderPair {
  orderLocation: string;
  timeZone: string;
}

export async function previewOrder(definition: FlowDefinition, event: OrderEvent, pair: OrderPair, reads: OrderPreviewReads): Promise<FlowPreview> {
  const preview: FlowPreview = { trigger: 'order_created', taken: true, decision: '', summary: '', status: null, glAccount: null, firedRules: [], rows: [], problems: [] };
  const found = event.customer.email ? await reads.findCustomer({ email: event.customer.email }) : [];
  const customer = decideCustomer(event, found);
  preview.firedRules.push({ step: 'match', rule: customer.kind === 'existing' ? 'customer_by_email' : 'new_customer', ...(customer.kind === 'existing' ? { detail: { custno: customer.custno } } : {}) });
  const transform = stepsOn(definition, 'transform', 'order_created')[0]?.config;
  const timeZone = transform?.timeZone ?? pair.timeZone;
  const defaults = { ...(customer.kind === 'create' ? { customer: customer.customer } : {}), order: salesOrderFor(event, customer.kind === 'existing' ? customer.custno : '', pair.orderLocation, timeZone) };
  let inputs: { customer?: NewCustomer; order: NewSalesOrder } = defaults;
  if (transform?.mappings) {
    const compiled = compiledForVersion(null, transform.mappings);
    if (!compiled.ok) throw new Error(compiled.errors[0].message);
    const mapping = await mapOrder(compiled.compiled, event, { currency: event.currency, withCustomer: customer.kind === 'create' });
    preview.firedRules.push(...mapping.fired.map(({ rule, kind }) => ({ step: 'transform', rule: `mapping:${rule}`, detail: { kind } })));
    preview.problems.push(...mapping.errors.map(({ rule, message }) => ({ field: `mappings.${rule}`, message })));
    if (!mapping.errors.length && reads.checkCodes) {
      const refused = await checkMappedCodes(orderCodes(mapping.values, customer.kind === 'create'), (codes) => reads.checkCodes!(codes));
      preview.problems.push(...refused.map(({ rule, message }) => ({ field: `mappings.${rule}`, message })));
    }
    if (preview.problems.length) return { ...preview, decision: 'sales_order', summary: 'It would not be written: a field mapping breaks a Sage Pro field rule.' };
    inputs = applyOrderMappings(defaults, mapping.values);
  }
  preview.decision = 'sales_order';
  preview.rows = rowsOf(inputs, event.currency);
  const who = customer.kind === 'existing' ? `customer ${customer.custno}` : `a new customer (${inputs.customer?.company})`;
  preview.summary = `A sales order of ${inputs.order.lines.length} line(s) for ${who}, PO ${inputs.order.ponum ?? '(none)'}.`;
  return preview;
}

function rowsOf(inputs: { customer?: NewCustomer; order: NewSalesOrder }, currency: string): PreviewRow[] {
  const { customer, order } = inputs;
  const rows: PreviewRow[] = [];
  if (customer) {
    rows.push({ table: 'arcust', action: 'insert', key: customer.custno ?? '(next number)', values: { company: customer.company, contact: customer.contact ?? '', email: customer.email ?? '', phone: customer.phone ?? '', currency: customer.currency ?? '', ...customer.address } });
  }
  // A status or sales account the flow does not map is the connection's (its open status, its sales account).
  const orderstat = order.orderStatus === undefined ? {} : { orderstat: order.orderStatus };
  rows.push({ table: 'somast', action: 'insert', key: '(next order number)', values: { custno: order.custno || '(new customer)', ...orderstat, ponum: order.ponum ?? '', sodate: order.date ?? '', shipvia: order.shipvia ?? '', currid: order.currency ?? currency, notes: order.notes ?? '' } });
  order.lines.forEach((line, index) =>
    rows.push({
      table: 'sotran',
      action: 'insert',
      key: `line ${index + 1}`,
      values: { item: line.item, descrip: line.description ?? '', loctid: line.loctid, qtyord: line.qty, price: minorToSageMoney(line.priceCents, order.currency ?? currency), ...(line.salesAccount === undefined ? {} : { glsale: line.salesAccount }) },
    }),
  );
  return rows;
}
