/**
 * Evaluates a version's payment mappings on a payment event and checks the values against Sage Pro's
 * field rules (and, given a reader, against the company's chart and ORDRSTAT codes): the receipt the
 * pipeline (and the preview) hands the connector (cash_receipt, gl_distribution), a reversal's GL
 * description (gl_distribution), and the order code a status write sets (invoice_status), with every
 * rule that fired and every error named by its rule
 * (`cash_receipt.dtepaid`).
 */
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import type { IncomingPayment } from '../../sagepro/company.js';
import type { FieldMappings, TargetRecord } from '../definition/flow-definition.js';
import { checkValues } from './check-values.js';
import type { CompiledMappings } from './compile-mapping.js';
import { evaluateRecord } from './evaluate-mapping.js';
import { checkMappedCodes, type CodeReader, mappedCodes } from './mapped-codes.js';
import type { SageValues } from './order-inputs.js';
import { compiledForVersion } from './order-mapping.js';
import { applyPaymentMappings, applyStatusMappings, GL_DISTRIBUTION_INPUTS, type StatusInputs } from './payment-inputs.js';

export interface MappedRule {
  rule: string;
  kind: string;
}

export interface MappingProblem {
  rule: string;
  message: string;
}

export interface PaymentMapping {
  payment: IncomingPayment;
  fired: MappedRule[];
  errors: MappingProblem[];
}

export interface StatusMapping {
  status: StatusInputs;
  fired: MappedRule[];
  errors: MappingProblem[];
}

interface RecordMapping {
  values: SageValues;
  fired: MappedRule[];
  errors: MappingProblem[];
}

const RECEIPT_RECORDS: readonly TargetRecord[] = ['cash_receipt', 'gl_distribution'];

/** The receipt with the version's cash_receipt and gl_distribution mappings in place of the defaults. */
export async function mapPayment(versionId: string | null, mappings: FieldMappings | undefined, event: PaymentEvent, payment: IncomingPayment, readCodes?: CodeReader): Promise<PaymentMapping> {
  const compiled = compiledFor(versionId, mappings, RECEIPT_RECORDS);
  if (!compiled) return { payment, fired: [], errors: [] };
  if ('errors' in compiled) return { payment, fired: [], errors: compiled.errors };
  const receipt = await mapRecord(compiled, 'cash_receipt', event, payment.currency);
  const lines = await mapRecord(compiled, 'gl_distribution', event, payment.currency);
  const errors = [...receipt.errors, ...lines.errors];
  if (readCodes && !errors.length) errors.push(...(await checkMappedCodes(mappedCodes('cash_receipt', receipt.values), readCodes)));
  const mapped = applyPaymentMappings(applyPaymentMappings(payment, receipt.values), lines.values, GL_DISTRIBUTION_INPUTS);
  return { payment: mapped, fired: [...receipt.fired, ...lines.fired], errors };
}

/** The version's gl_distribution description for a reversal's GL lines (refund, void, chargeback); none unmapped. */
export async function mapReversal(versionId: string | null, mappings: FieldMappings | undefined, event: PaymentEvent): Promise<{ reversal: { description?: string }; fired: MappedRule[]; errors: MappingProblem[] }> {
  const compiled = compiledFor(versionId, mappings, ['gl_distribution']);
  if (!compiled) return { reversal: {}, fired: [], errors: [] };
  if ('errors' in compiled) return { reversal: {}, fired: [], errors: compiled.errors };
  const lines = await mapRecord(compiled, 'gl_distribution', event, event.currency);
  const descrip = lines.values.descrip;
  return { reversal: descrip === undefined ? {} : { description: String(descrip) }, fired: lines.fired, errors: lines.errors };
}

/** What the version's invoice_status mappings change in the event's status writes (nothing unmapped). */
export async function mapPaymentStatus(versionId: string | null, mappings: FieldMappings | undefined, event: PaymentEvent, readCodes?: CodeReader): Promise<StatusMapping> {
  const compiled = compiledFor(versionId, mappings, ['invoice_status']);
  if (!compiled) return { status: {}, fired: [], errors: [] };
  if ('errors' in compiled) return { status: {}, fired: [], errors: compiled.errors };
  const status = await mapRecord(compiled, 'invoice_status', event, event.currency);
  if (readCodes && !status.errors.length) status.errors.push(...(await checkMappedCodes(mappedCodes('invoice_status', status.values), readCodes)));
  return { status: applyStatusMappings(status.values), fired: status.fired, errors: status.errors };
}

/** The compiled mappings when they set a field of `records`; a version that does not compile: its errors. */
function compiledFor(versionId: string | null, mappings: FieldMappings | undefined, records: readonly TargetRecord[]): CompiledMappings | { errors: MappingProblem[] } | null {
  if (!mappings || !records.some((record) => Object.keys(mappings[record] ?? {}).length)) return null;
  const compiled = compiledForVersion(versionId, mappings);
  // A version that passed the checks compiles; a draft that did not is refused before it runs.
  return compiled.ok ? compiled.compiled : { errors: compiled.errors.map((error) => ({ rule: error.rule, message: error.message })) };
}

async function mapRecord(compiled: CompiledMappings, record: TargetRecord, event: PaymentEvent, currency: string): Promise<RecordMapping> {
  if (!compiled.records[record]?.length) return { values: {}, fired: [], errors: [] };
  const evaluation = await evaluateRecord(compiled, record, event);
  const errors = evaluation.errors.map((error) => ({ rule: `${record}.${error.field}`, message: error.message }));
  const good = Object.fromEntries(Object.entries(evaluation.values).filter(([field]) => !evaluation.errors.some((e) => e.field === field)));
  const checked = checkValues(record, good, { currency });
  errors.push(...checked.errors.map((error) => ({ rule: error.rule, message: error.message })));
  const fired = evaluation.fired.map(({ field, kind }) => ({ rule: `${record}.${field}`, kind }));
  return { values: checked.values, fired, errors };
}
