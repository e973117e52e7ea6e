/**
 * Evaluates a version's cash_receipt mappings on a payment event and checks the values against Sage
 * Pro's field rules: the receipt the pipeline (and the preview) hands the connector, with every rule
 * that fired and every error named by its rule (`cash_receipt.dtepaid`).
 */
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import type { IncomingPayment } from '../../sagepro/company.js';
import type { FieldMappings } from '../definition/flow-definition.js';
import { checkValues } from './check-values.js';
import { evaluateRecord } from './evaluate-mapping.js';
import { compiledForVersion } from './order-mapping.js';
import { applyPaymentMappings } from './payment-inputs.js';

export interface PaymentMapping {
  payment: IncomingPayment;
  fired: { rule: string; kind: string }[];
  errors: { rule: string; message: string }[];
}

export async function mapPayment(versionId: string | null, mappings: FieldMappings | undefined, event: PaymentEvent, payment: IncomingPayment): Promise<PaymentMapping> {
  if (!mappings?.cash_receipt || !Object.keys(mappings.cash_receipt).length) return { payment, fired: [], errors: [] };
  const compiled = compiledForVersion(versionId, mappings);
  // A version that passed the checks compiles; a draft that did not is refused before it runs.
  if (!compiled.ok) return { payment, fired: [], errors: compiled.errors.map((error) => ({ rule: error.rule, message: error.message })) };
  const evaluation = await evaluateRecord(compiled.compiled, 'cash_receipt', event);
  const errors = evaluation.errors.map((error) => ({ rule: `cash_receipt.${error.field}`, message: error.message }));
  const good = Object.fromEntries(Object.entries(evaluation.values).filter(([field]) => !evaluation.errors.some((e) => e.field === field)));
  const checked = checkValues('cash_receipt', good, { currency: payment.currency });
  errors.push(...checked.errors.map((error) => ({ rule: error.rule, message: error.message })));
  const fired = evaluation.fired.map(({ field, kind }) => ({ rule: `cash_receipt.${field}`, kind }));
  return { payment: applyPaymentMappings(payment, checked.values), fired, errors };
}
