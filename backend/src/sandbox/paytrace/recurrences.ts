/**
 * Recurring payments on vault customers. They run on the merchant's sandbox clock at 12:30 AM merchant
 * time on each scheduled date (runDueRecurrences), as sales or authorizations through "Recurring".
 */
import { chargeCard } from './card-payments.js';
import { ERROR, ErrorBag, PayTraceError } from './errors.js';
import { findCustomer } from './customers.store.js';
import { EXPORT_OK, exportRecurrence, exportTransaction } from './export-format.js';
import { type RecurrenceRecord, toTransaction } from './records.js';
import { FREQUENCIES, firstRunDate, frequencyCode, INDEFINITE_COUNT, nextRunDate, RUN_MINUTES_AFTER_MIDNIGHT } from './recurrence-schedule.js';
import { deleteRecurrences, findRecurrence, insertRecurrence, listRecurrences, updateRecurrence } from './recurrences.store.js';
import { asBody, type Body, readAmount, readCustomerId, storedText, text } from './request-fields.js';
import { localDate, localInstant, parseUsDate } from './time.js';
import { customerCard, customerCardOnFile } from './vault.js';
import type { Work } from './work.js';

/** `{customer_id, recurrence:{amount, frequency, start_date, total_count, transaction_type, description}}` */
export async function createRecurrence(work: Work, body: Body) {
  const fields = asBody(body.recurrence ?? body);
  const bag = new ErrorBag();
  const customerId = readCustomerId(body.customer_id === undefined ? fields : body, bag);
  const amountCents = readAmount(fields, bag);
  const frequency = readFrequency(fields, bag);
  const startDate = readFutureDate(work, fields.start_date, bag);
  const totalCount = readTotalCount(fields, bag, 0);
  const transactionType = readTransactionType(fields, bag);
  if (customerId) await customerCard(work, { customer_id: customerId }, bag);
  bag.throwIfAny();
  const recurrence = await insertRecurrence(work, {
    customerId,
    amountCents,
    frequency: frequency!,
    startDate: startDate!,
    nextDate: firstRunDate(startDate!, frequency!),
    totalCount: totalCount!,
    transactionType: transactionType!,
    description: storedText(fields, 'description'),
    invoiceId: storedText(fields, 'invoice_id', 50),
  });
  return recurrenceResponse(180, 'created', recurrence);
}

/** Changes amount, frequency, next date (`next_date` or `start_date`), count or texts. */
export async function changeRecurrence(work: Work, body: Body) {
  const fields = asBody(body.recurrence ?? body);
  const existing = await existingRecurrence(work, body);
  const bag = new ErrorBag();
  const patch: Partial<RecurrenceRecord> = {};
  if (fields.amount !== undefined) patch.amountCents = readAmount(fields, bag);
  if (fields.frequency !== undefined) patch.frequency = readFrequency(fields, bag);
  const nextDate = fields.next_date ?? fields.start_date;
  if (nextDate !== undefined) patch.startDate = readFutureDate(work, nextDate, bag);
  if (fields.total_count !== undefined) patch.totalCount = readTotalCount(fields, bag, existing.currentCount);
  if (fields.transaction_type !== undefined) patch.transactionType = readTransactionType(fields, bag);
  if (fields.description !== undefined) patch.description = storedText(fields, 'description');
  if (fields.invoice_id !== undefined) patch.invoiceId = storedText(fields, 'invoice_id', 50);
  bag.throwIfAny();
  if (patch.startDate) patch.nextDate = firstRunDate(patch.startDate, patch.frequency ?? existing.frequency);
  const finished = patch.totalCount !== undefined && patch.totalCount !== INDEFINITE_COUNT && patch.totalCount <= existing.currentCount;
  if (finished) patch.nextDate = null;
  return recurrenceResponse(181, 'updated', await updateRecurrence(work, existing.id, patch));
}

export async function deleteRecurrence(work: Work, body: Body) {
  const existing = await existingRecurrence(work, body);
  await deleteRecurrences(work, { id: existing.id });
  return recurrenceResponse(182, 'deleted', existing);
}

/** By recurrence id, by customer, or all of them. */
export async function exportRecurrences(work: Work, body: Body) {
  const id = recurrenceId(body);
  const recurrences = await listRecurrences(work, { id: id || undefined, customerId: text(body, 'customer_id', 100) || undefined });
  return { ...EXPORT_OK, recurrences: recurrences.map(exportRecurrence) };
}

/** The last approved recurring payment of a customer or recurrence: its export fields, under the envelope's. */
export async function exportLastApproved(work: Work, body: Body) {
  const id = recurrenceId(body);
  const customerId = text(body, 'customer_id', 100);
  const { rows } = await work.db.query(
    `SELECT * FROM paytrace_sandbox.transactions
      WHERE merchant_id = $1 AND recurrence_id IS NOT NULL AND approved AND voided_at IS NULL
        AND ($2::bigint IS NULL OR recurrence_id = $2) AND ($3::text IS NULL OR customer_id = $3)
      ORDER BY created_at DESC, id DESC LIMIT 1`,
    [work.merchant.id, id || null, customerId || null],
  );
  if (!rows[0]) throw PayTraceError.of(ERROR.noApprovedRecurrence);
  return { ...exportTransaction(toTransaction(rows[0]), work.merchant.timeZone), ...EXPORT_OK };
}

/** Runs every payment whose time has come on the merchant's clock; returns the new transaction ids. */
export async function runDueRecurrences(work: Work): Promise<number[]> {
  const timeZone = work.merchant.timeZone;
  const created: number[] = [];
  for (const r of await listRecurrences(work, { dueBy: localDate(work.now, timeZone) })) {
    const customer = await findCustomer(work, r.customerId);
    let { nextDate, currentCount } = r;
    while (customer?.maskedCardNumber && nextDate && localInstant(nextDate, timeZone, RUN_MINUTES_AFTER_MIDNIGHT) <= work.now) {
      const { transaction } = await chargeCard(work, {
        kind: r.transactionType === 'Sale' ? 'sale' : 'authorization',
        amountCents: r.amountCents,
        source: { card: customerCardOnFile(customer), cscProvided: false, customerId: r.customerId },
        order: {
          invoiceId: r.invoiceId,
          description: r.description,
          customerReferenceId: '',
          taxAmountCents: null,
          email: '',
          billingAddress: customer.billingAddress,
          shippingAddress: customer.shippingAddress,
        },
        fromIp: '',
        createdThrough: 'Recurring',
        recurrenceId: r.id,
        at: localInstant(nextDate, timeZone, RUN_MINUTES_AFTER_MIDNIGHT),
      });
      created.push(transaction.id);
      currentCount += 1;
      const finished = r.totalCount !== INDEFINITE_COUNT && currentCount >= r.totalCount;
      nextDate = finished ? null : nextRunDate(nextDate, r.frequency, r.startDate);
    }
    if (currentCount !== r.currentCount) await updateRecurrence(work, r.id, { nextDate, currentCount });
  }
  return created;
}

function recurrenceResponse(code: number, verb: string, recurrence: RecurrenceRecord) {
  return {
    success: true,
    response_code: code,
    status_message: `The recurring payment was successfully ${verb}.`,
    recurrence: exportRecurrence(recurrence),
  };
}

function recurrenceId(body: Body): number {
  const raw = text(asBody(body.recurrence), 'id') || text(body, 'recurrence_id');
  return /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

async function existingRecurrence(work: Work, body: Body): Promise<RecurrenceRecord> {
  const id = recurrenceId(body);
  const recurrence = id ? await findRecurrence(work, id) : undefined;
  if (!recurrence) throw PayTraceError.of(ERROR.recurrenceNotFound);
  return recurrence;
}

function readFrequency(fields: Body, bag: ErrorBag): string | undefined {
  const code = frequencyCode(text(fields, 'frequency'));
  if (!code || !FREQUENCIES[code]) bag.add(ERROR.invalidFrequency);
  return code;
}

/** Payments are scheduled from tomorrow on (today's run, at 12:30 AM, is already past). */
function readFutureDate(work: Work, value: unknown, bag: ErrorBag): string | undefined {
  const date = parseUsDate(value);
  if (!date || date <= localDate(work.now, work.merchant.timeZone)) bag.add(ERROR.invalidStartDate);
  return date;
}

function readTotalCount(fields: Body, bag: ErrorBag, atLeast: number): number | undefined {
  const raw = text(fields, 'total_count');
  const count = /^\d{1,3}$/.test(raw) ? Number(raw) : 0;
  if (count < 1 || count < atLeast) bag.add(ERROR.invalidTotalCount);
  return count;
}

function readTransactionType(fields: Body, bag: ErrorBag): RecurrenceRecord['transactionType'] | undefined {
  const type = (text(fields, 'transaction_type') || 'Sale').toLowerCase();
  if (type === 'sale') return 'Sale';
  if (type === 'authorization') return 'Authorization';
  bag.add(ERROR.invalidTransactionType);
  return undefined;
}
