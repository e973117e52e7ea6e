/**
 * PayTrace's v1 methods, path by path. Each handler reads its body (collecting every error), calls the
 * business rule and answers PayTrace's body; a PayTraceError thrown anywhere becomes HTTP 400 and
 * rolls the call back. Paths under /v1/batch/ are the sandbox's choice (README.md).
 */
import {
  type CardSource,
  captureAuthorization,
  chargeCard,
  emailReceipt,
  refundToCard,
  refundTransaction,
  voidCardTransaction,
} from './card-payments.js';
import { type CheckSource, fundHold, processCheck, refundCheck, voidCheck } from './check-payments.js';
import { ERROR, ErrorBag } from './errors.js';
import { addLevelThree } from './level-three.js';
import { createClientKey, spendProtectToken } from './protect.js';
import { changeRecurrence, createRecurrence, deleteRecurrence, exportLastApproved, exportRecurrences } from './recurrences.js';
import { exportBatchesByDateRange, exportBatchTransactions, exportByDateRange, exportById, exportOneBatch } from './reports.js';
import { type Body, readAmount, readCard, readCheck, readEmail, readId, readOptionalAmount, readOrderFields } from './request-fields.js';
import { captureResponse, cardTransactionResponse, refundResponse, voidResponse } from './responses.js';
import { settleMerchant } from './settlement.js';
import { createProfile, customerCard, customerCheck, deleteProfile, exportProfiles, updateProfile } from './vault.js';
import type { Work } from './work.js';

export interface ApiCall {
  work: Work;
  body: Body;
  ip: string;
}

export interface ApiRoute {
  handle(call: ApiCall): Promise<object>;
  /** Export calls can be slowed down and truncated by faults. */
  export?: boolean;
}

type CardReader = (work: Work, body: Body, bag: ErrorBag) => Promise<CardSource | undefined>;
type CheckReader = (work: Work, body: Body, bag: ErrorBag) => Promise<CheckSource | undefined>;

const keyedCard: CardReader = async (_work, body, bag) => {
  const card = readCard(body, bag);
  return { card, cscProvided: card.cscProvided, customerId: '' };
};
const accountCheck: CheckReader = async (_work, body, bag) => ({ ...readCheck(body, bag), customerId: '' });

function charge(kind: 'sale' | 'authorization', readSource: CardReader): ApiRoute {
  return {
    async handle({ work, body, ip }) {
      const bag = new ErrorBag();
      const amountCents = readAmount(body, bag, { allowZero: kind === 'authorization' });
      const source = await readSource(work, body, bag);
      const order = readOrderFields(body, bag);
      bag.throwIfAny();
      const { transaction, statusMessage } = await chargeCard(work, { kind, amountCents, source: source!, order, fromIp: ip });
      return cardTransactionResponse(transaction, statusMessage);
    },
  };
}

function refundTo(readSource: CardReader): ApiRoute {
  return {
    async handle({ work, body, ip }) {
      const bag = new ErrorBag();
      const amountCents = readAmount(body, bag);
      const source = await readSource(work, body, bag);
      const order = readOrderFields(body, bag);
      bag.throwIfAny();
      return refundResponse(await refundToCard(work, amountCents, source!, order, ip));
    },
  };
}

function check(kind: 'sale' | 'hold', readSource: CheckReader): ApiRoute {
  return {
    async handle({ work, body, ip }) {
      const bag = new ErrorBag();
      const amountCents = readAmount(body, bag);
      const source = await readSource(work, body, bag);
      const order = readOrderFields(body, bag);
      bag.throwIfAny();
      return processCheck(work, kind, amountCents, source!, order, ip);
    },
  };
}

/** Reads `key` (and `amount` when asked) or throws the request's errors. */
function idAndAmount(body: Body, key = 'transaction_id', error: readonly [number, string] = ERROR.invalidTransactionId) {
  const bag = new ErrorBag();
  const id = readId(body, key, bag, error);
  const amountCents = readOptionalAmount(body, bag);
  bag.throwIfAny();
  return { id, amountCents };
}

const checkId = (body: Body) => idAndAmount(body, 'check_transaction_id', ERROR.checkNotFound);
const simple = (handle: ApiRoute['handle']): ApiRoute => ({ handle });
const exporting = (handle: ApiRoute['handle']): ApiRoute => ({ handle, export: true });

export const API_ROUTES: Record<string, ApiRoute> = {
  '/v1/transactions/sale/keyed': charge('sale', keyedCard),
  '/v1/transactions/sale/by_customer': charge('sale', customerCard),
  '/v1/transactions/sale/pt_protect': charge('sale', spendProtectToken),
  '/v1/transactions/authorization/keyed': charge('authorization', keyedCard),
  '/v1/transactions/authorization/by_customer': charge('authorization', customerCard),
  '/v1/transactions/authorization/pt_protect': charge('authorization', spendProtectToken),
  '/v1/transactions/authorization/capture': simple(async ({ work, body }) => {
    const { id, amountCents } = idAndAmount(body);
    return captureResponse((await captureAuthorization(work, id, amountCents)).id);
  }),
  '/v1/transactions/void': simple(async ({ work, body }) => voidResponse((await voidCardTransaction(work, idAndAmount(body).id)).id)),
  '/v1/transactions/refund/for_transaction': simple(async ({ work, body, ip }) => {
    const { id, amountCents } = idAndAmount(body);
    return refundResponse(await refundTransaction(work, id, amountCents, ip));
  }),
  '/v1/transactions/refund/to_customer': refundTo(customerCard),
  '/v1/transactions/refund/keyed': refundTo(keyedCard),
  '/v1/transactions/email_receipt': simple(async ({ work, body }) => {
    const bag = new ErrorBag();
    const id = readId(body, 'transaction_id', bag);
    const email = readEmail(body, bag, true);
    bag.throwIfAny();
    await emailReceipt(work, id, email);
    return { success: true, response_code: 149, status_message: `Your receipt for Transaction ID ${id} was successfully emailed to ${email}.` };
  }),
  '/v1/transactions/settle': simple(async ({ work }) => {
    const { batchNumber, transactionIds } = await settleMerchant(work);
    const status = transactionIds.length ? `${transactionIds.length} transactions were settled.` : 'There were no transactions to settle.';
    return { success: true, response_code: 1, status_message: status, batch_number: batchNumber };
  }),

  '/v1/checks/sale/by_account': check('sale', accountCheck),
  '/v1/checks/sale/by_customer': check('sale', customerCheck),
  '/v1/checks/hold/by_account': check('hold', accountCheck),
  '/v1/checks/hold/by_customer': check('hold', customerCheck),
  '/v1/checks/manage/fund': simple(async ({ work, body }) => {
    const { id, amountCents } = checkId(body);
    return fundHold(work, id, amountCents);
  }),
  '/v1/checks/manage/void': simple(async ({ work, body }) => voidCheck(work, checkId(body).id)),
  '/v1/checks/refund/by_transaction': simple(async ({ work, body, ip }) => {
    const { id, amountCents } = checkId(body);
    return refundCheck(work, id, amountCents, ip);
  }),

  '/v1/customer/create': simple(({ work, body }) => createProfile(work, body, 'keyed')),
  '/v1/customer/create_from_transaction': simple(({ work, body }) => createProfile(work, body, 'transaction')),
  '/v1/customer/pt_protect_create': simple(({ work, body }) => createProfile(work, body, 'protect')),
  '/v1/customer/update': simple(({ work, body }) => updateProfile(work, body)),
  '/v1/customer/delete': simple(({ work, body }) => deleteProfile(work, body)),
  '/v1/customer/export': exporting(({ work, body }) => exportProfiles(work, body)),

  '/v1/recurrence/create': simple(({ work, body }) => createRecurrence(work, body)),
  '/v1/recurrence/update': simple(({ work, body }) => changeRecurrence(work, body)),
  '/v1/recurrence/delete': simple(({ work, body }) => deleteRecurrence(work, body)),
  '/v1/recurrence/export': exporting(({ work, body }) => exportRecurrences(work, body)),
  '/v1/recurrence/export_approved': exporting(({ work, body }) => exportLastApproved(work, body)),

  '/v1/transactions/export/by_id': exporting(({ work, body }) => exportById(work, body)),
  '/v1/transactions/export/by_date_range': exporting(({ work, body }) => exportByDateRange(work, body)),
  '/v1/batch/export': exporting(({ work, body }) => exportOneBatch(work, body)),
  '/v1/batch/export_by_date_range': exporting(({ work, body }) => exportBatchesByDateRange(work, body)),
  '/v1/batch/export_transactions': exporting(({ work, body }) => exportBatchTransactions(work, body)),

  '/v1/level_three/visa': simple(({ work, body }) => addLevelThree(work, body, 'VISA')),
  '/v1/level_three/mastercard': simple(({ work, body }) => addLevelThree(work, body, 'MASTERCARD')),

  '/v1/payment_fields/token/create': simple(async ({ work }) => ({
    success: true,
    response_code: 1,
    status_message: 'Your request has been successfully completed.',
    clientKey: await createClientKey(work),
  })),
};
