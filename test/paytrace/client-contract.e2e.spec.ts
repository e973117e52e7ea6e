/**
 * The PayTrace client's contract, in two halves that keep each other honest:
 *
 * 1. Against the sandbox (a bare Fastify instance with the sandbox plugin on a fresh database, on
 *    127.0.0.1): every typed method of the client, the outcomes it maps, token sharing through Redis
 *    and the fault modes.
 * 2. Against the fact sheet: its request/response examples (verbatim from its sources) replayed through
 *    the client's parsing, and the sandbox's own bodies compared with them field by field, code by
 *    code and message by message, so that the sandbox and the client cannot drift from the real API
 *    together.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PAYTRACE_PATHS } from '../../backend/src/paytrace/client/paths.js';
import { MemoryTokenStore } from '../../backend/src/paytrace/client/memory-token-store.js';
import type { AnyOutcome, Approved, Declined, Outcome, TransactionOutcome, TransientError, ValidationError } from '../../backend/src/paytrace/client/outcome.js';
import { hasErrorCode, isRetryable } from '../../backend/src/paytrace/client/outcome.js';
import { PayTraceClient } from '../../backend/src/paytrace/client/paytrace-client.js';
import { formatPayTraceTimestamp, localCalendarDate } from '../../backend/src/paytrace/client/time.js';
import { transactionState } from '../../backend/src/paytrace/client/transaction-state.js';
import * as EX from './fact-sheet-examples.js';
import { type Harness, MASTERCARD, recordingFetch, type SandboxMerchant, startSandbox, VISA } from './sandbox-harness.js';

const ZONE = 'America/Chicago';
const BILLING = { name: 'Steve Smith', streetAddress: '8320 This Way Lane', city: 'Placeville', state: 'CA', zip: '85284' };
const BANK = { accountNumber: '123456', routingNumber: '325070760' };

let h: Harness;

beforeAll(async () => {
  h = await startSandbox();
});

afterAll(async () => {
  await h?.close();
});

// ---- narrowing helpers: a wrong kind fails with the whole outcome in the message -------------------

function expectKind<K extends AnyOutcome['kind']>(outcome: AnyOutcome, kind: K): Extract<AnyOutcome, { kind: K }> {
  if (outcome.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<AnyOutcome, { kind: K }>;
}
const approved = (o: TransactionOutcome) => expectKind(o, 'Approved') as Approved;
const declined = (o: TransactionOutcome) => expectKind(o, 'Declined') as Declined;
const invalid = (o: AnyOutcome) => expectKind(o, 'ValidationError') as ValidationError;
const transient = (o: AnyOutcome) => expectKind(o, 'TransientError') as TransientError;
function ok<T>(outcome: Outcome<T>): T {
  return (expectKind(outcome, 'Ok') as { value: T }).value;
}
const codes = (o: AnyOutcome) => invalid(o).errors.map((e) => e.code);
const messageOf = (example: EX.ResponseExample, code: number) => (JSON.parse(example.body).errors as Record<string, string[]>)[String(code)];
const hitsOf = (path: string) => h.hits.get(path) ?? 0;
const withinMinutes = (date: Date, minutes: number) => Math.abs(date.getTime() - Date.now()) < minutes * 60_000;
const dayOffset = (days: number) => localCalendarDate(new Date(Date.now() + days * 86_400_000), ZONE);

async function settle(merchant: SandboxMerchant): Promise<number | null> {
  const reply = await h.admin('POST', `/merchants/${merchant.id}/settle`);
  expect(reply.status).toBe(200);
  return reply.body.batch_number;
}

async function exported(client: PayTraceClient, transactionId: number) {
  const row = ok(await client.exportTransactionById({ transactionId }));
  if (!row) throw new Error(`transaction ${transactionId} is not in the export`);
  return row;
}

// ====================================================================================================
// 1. The client against the sandbox
// ====================================================================================================

describe('card payments', () => {
  let m: SandboxMerchant;
  let client: PayTraceClient;
  beforeAll(async () => {
    m = await h.newMerchant(ZONE);
    client = h.client(m);
  });

  it('pings without a token', async () => {
    const before = hitsOf('/oauth/token');
    ok(await client.ping());
    expect(hitsOf('/oauth/token')).toBe(before);
  });

  it('sells through Protect.js and exports the sale in the merchant’s time zone', async () => {
    const card = await h.tokenize(client);
    const sale = approved(await client.saleByProtect({ amountMinor: 1234, ...card, billingAddress: BILLING, invoiceId: 'INV-1', description: 'Widgets' }));
    expect(sale).toMatchObject({ responseCode: 101, statusMessage: 'Your transaction was successfully approved.', avsResponse: 'Full Exact Match', cscResponse: 'Match' });
    expect(sale.maskedCardNumber).toBe('xxxxxxxxxxxx1111');
    expect(sale.approvalMessage).toBe(`APPROVAL ${sale.approvalCode}  - Approved and completed`);

    const row = await exported(client, sale.transactionId!);
    expect(row).toMatchObject({ transactionType: 'SALE', amountMinor: 1234, maskedCardNumber: '************1111', invoiceId: 'INV-1', description: 'Widgets', settledAt: null });
    expect(row.billingAddress).toMatchObject(BILLING);
    expect(withinMinutes(row.createdAt, 2)).toBe(true); // local Chicago text → the right UTC instant
    expect(transactionState(row)).toBe('approved');
  });

  it('keeps an hpf_token single-use', async () => {
    const card = await h.tokenize(client);
    approved(await client.saleByProtect({ amountMinor: 500, ...card }));
    expect(codes(await client.saleByProtect({ amountMinor: 500, ...card }))).toEqual([830]);
  });

  it.each([
    [13, '    DECLINE - Do not honor'],
    [29, '  EXPIRED CARD - Expired card'],
    [5, '  PICK UP CARD - Pick up card'],
  ])('declines %i cents, keeping the approval message’s leading spaces and the transaction id', async (cents, message) => {
    const outcome = declined(await client.saleByProtect({ amountMinor: cents, ...(await h.tokenize(client)) }));
    expect(outcome).toMatchObject({ responseCode: 102, statusMessage: 'Your transaction was not approved.', approvalCode: '', approvalMessage: message, autoVoided: false });
    expect(isRetryable(outcome)).toBe(false);
    expect(transactionState(await exported(client, outcome.transactionId!))).toBe('declined');
  });

  it('reports an approval that PayTrace voided at once (103) as an auto-voided decline', async () => {
    const outcome = declined(await client.saleByProtect({ amountMinor: 35, ...(await h.tokenize(client)) }));
    expect(outcome).toMatchObject({ responseCode: 103, autoVoided: true, cscResponse: 'No Match' });
    expect(transactionState(await exported(client, outcome.transactionId!))).toBe('voided');
  });

  it('authorizes, captures part, and refuses a second capture (816)', async () => {
    const auth = approved(await client.authorizeByProtect({ amountMinor: 5000, ...(await h.tokenize(client)) }));
    expect(transactionState(await exported(client, auth.transactionId!))).toBe('approved');
    const capture = approved(await client.capture({ transactionId: auth.transactionId!, amountMinor: 3000 }));
    expect(capture).toMatchObject({ responseCode: 112, statusMessage: 'Your transaction was successfully captured.', transactionId: auth.transactionId });
    expect(await exported(client, auth.transactionId!)).toMatchObject({ transactionType: 'CAPTURE', amountMinor: 3000 });
    expect(invalid(await client.capture({ transactionId: auth.transactionId! })).errors).toEqual([{ code: 816, messages: messageOf(EX.ERROR_816, 816) }]);
  });

  it('voids before settlement, refunds only after (817), voids no more after (818), refunds in part', async () => {
    const sale = approved(await client.saleByProtect({ amountMinor: 2000, ...(await h.tokenize(client)) }));
    const other = approved(await client.saleByProtect({ amountMinor: 700, ...(await h.tokenize(client)) }));

    const refundTooEarly = await client.refundTransaction({ transactionId: sale.transactionId! });
    expect(hasErrorCode(refundTooEarly, 817)).toBe(true);
    expect(invalid(refundTooEarly).errors[0].messages).toEqual(messageOf(EX.ERROR_817, 817));

    const voided = approved(await client.voidTransaction({ transactionId: other.transactionId! }));
    expect(voided).toMatchObject({ responseCode: 109, statusMessage: 'Your transaction was successfully voided.' });
    expect(transactionState(await exported(client, other.transactionId!))).toBe('voided');

    await settle(m);
    const settledRow = await exported(client, sale.transactionId!);
    expect(transactionState(settledRow)).toBe('settled');
    expect(withinMinutes(settledRow.settledAt!, 2)).toBe(true);
    expect(invalid(await client.voidTransaction({ transactionId: sale.transactionId! })).errors).toEqual([{ code: 818, messages: messageOf(EX.ERROR_818, 818) }]);

    const refund = approved(await client.refundTransaction({ transactionId: sale.transactionId!, amountMinor: 400 }));
    expect(refund.responseCode).toBe(106);
    expect(refund.transactionId).not.toBe(sale.transactionId);
    const refundRow = await exported(client, refund.transactionId!);
    expect(refundRow).toMatchObject({ transactionType: 'REFUND', amountMinor: 400 });
    expect(transactionState(refundRow)).toBe('refunded');
    expect(codes(await client.refundTransaction({ transactionId: sale.transactionId!, amountMinor: 1700 }))).toEqual([819]);
  });

  it('shows a chargeback as its own transaction', async () => {
    const sale = approved(await client.saleByProtect({ amountMinor: 3000, ...(await h.tokenize(client)) }));
    await settle(m);
    const chargeback = await h.admin('POST', `/merchants/${m.id}/chargebacks`, { transaction_id: sale.transactionId, amount: '10.00', reason: '10.4 Other Fraud' });
    expect(chargeback.status).toBe(201);
    const row = await exported(client, chargeback.body.transaction_id);
    expect(row).toMatchObject({ transactionType: 'CHARGEBACK', amountMinor: 1000 });
    expect(transactionState(row)).toBe('charged_back');
  });

  it('answers 811 for an unknown transaction', async () => {
    expect(invalid(await client.exportTransactionById({ transactionId: 999_999_999 })).errors).toEqual([{ code: 811, messages: messageOf(EX.ERROR_811, 811) }]);
  });

  it('emails a receipt', async () => {
    const sale = approved(await client.saleByProtect({ amountMinor: 1500, ...(await h.tokenize(client)) }));
    const outcome = await client.emailReceipt({ transactionId: sale.transactionId!, email: 'steve@example.com' });
    expect(outcome).toMatchObject({ kind: 'Ok', responseCode: 149 });
    expect((await exported(client, sale.transactionId!)).receiptEmailedTo).toBe('steve@example.com');
  });

  it('adds Level 3 data to a Visa and a Mastercard sale, each through its own endpoint', async () => {
    const visa = approved(await client.saleByProtect({ amountMinor: 10_000, ...(await h.tokenize(client, VISA)) }));
    const levelThree = {
      transactionId: visa.transactionId!,
      invoiceId: 'INV-L3',
      taxAmountMinor: 810,
      sourceZip: '99201',
      shippingAddress: { zip: '85284', country: 'US' },
      lineItems: [{ productId: 'SKU-1', description: 'Widget', quantity: 2, unitCostMinor: 5000, amountMinor: 10_000, unitOfMeasure: 'EACH' }],
    };
    const added = await client.addLevelThreeVisa(levelThree);
    expect(added).toMatchObject({ kind: 'Ok', responseCode: 170 });
    expect(ok(added)).toBeNull();
    expect(added.kind === 'Ok' && added.statusMessage).toBe(`Visa/MasterCard enhanced data was successfully added to Transaction ID ${visa.transactionId}. 1 line item records were created.`);
    expect(codes(await client.addLevelThreeMastercard(levelThree))).toEqual([855]);

    const mastercard = approved(await client.saleByProtect({ amountMinor: 5000, ...(await h.tokenize(client, MASTERCARD)) }));
    expect(await client.addLevelThreeMastercard({ ...levelThree, transactionId: mastercard.transactionId!, lineItems: [{ productId: 'SKU-2', debitOrCredit: 'D', amountMinor: 5000 }] })).toMatchObject({
      kind: 'Ok',
      responseCode: 170,
    });
  });
});

describe('customer vault', () => {
  let m: SandboxMerchant;
  let client: PayTraceClient;
  beforeAll(async () => {
    m = await h.newMerchant(ZONE);
    client = h.client(m);
  });

  it('stores a card from Protect.js and from a transaction, and refuses a duplicate id (171)', async () => {
    const created = await client.createCustomerByProtect({ customerId: 'cust-1', ...(await h.tokenize(client)), billingAddress: BILLING, email: 'steve@example.com' });
    expect(created).toMatchObject({ kind: 'Ok', responseCode: 160, statusMessage: 'The customer profile for cust-1/Steve Smith was successfully created.' });
    expect(ok(created)).toEqual({ customerId: 'cust-1', maskedCardNumber: 'xxxxxxxxxxxx1111' });

    const duplicate = await client.createCustomerByProtect({ customerId: 'cust-1', ...(await h.tokenize(client)) });
    expect(invalid(duplicate).errors).toEqual([{ code: 171, messages: messageOf(EX.ERROR_171, 171) }]);

    const sale = approved(await client.saleByProtect({ amountMinor: 100, ...(await h.tokenize(client, MASTERCARD)), billingAddress: BILLING }));
    expect(ok(await client.createCustomerFromTransaction({ customerId: 'cust-2', transactionId: sale.transactionId! }))).toEqual({
      customerId: 'cust-2',
      maskedCardNumber: 'xxxxxxxxxxxx0057',
    });
  });

  it('charges, verifies ($0 authorization) and refunds a vault customer', async () => {
    const sale = approved(await client.saleByCustomer({ amountMinor: 4200, customerId: 'cust-1', invoiceId: 'INV-V1' }));
    expect(await exported(client, sale.transactionId!)).toMatchObject({ customerId: 'cust-1', amountMinor: 4200, invoiceId: 'INV-V1' });
    approved(await client.authorizeByCustomer({ amountMinor: 0, customerId: 'cust-2' }));
    const refund = approved(await client.refundToCustomer({ amountMinor: 250, customerId: 'cust-1' }));
    expect(refund.responseCode).toBe(106);
    expect(transactionState(await exported(client, refund.transactionId!))).toBe('refunded');
  });

  it('updates, exports and deletes a profile', async () => {
    const updated = await client.updateCustomer({ customerId: 'cust-2', newCustomerId: 'cust-2b', email: 'pat@example.com', phone: '555-0100' });
    expect(updated).toMatchObject({ kind: 'Ok', responseCode: 161, value: { customerId: 'cust-2b', maskedCardNumber: 'xxxxxxxxxxxx0057' } });

    const [profile] = ok(await client.exportCustomers({ customerId: 'cust-2b' }));
    expect(profile).toMatchObject({ customerId: 'cust-2b', email: 'pat@example.com', phone: '555-0100', maskedCardNumber: '************0057' });
    expect(withinMinutes(profile.createdAt!, 2)).toBe(true);
    expect(ok(await client.exportCustomers()).map((c) => c.customerId).sort()).toEqual(['cust-1', 'cust-2b']);

    expect(await client.deleteCustomer({ customerId: 'cust-2b' })).toMatchObject({ kind: 'Ok', responseCode: 162 });
    expect(ok(await client.exportCustomers({ customerId: 'cust-2b' }))).toEqual([]);
    expect(invalid(await client.saleByCustomer({ amountMinor: 100, customerId: 'cust-2b' })).errors).toEqual([
      { code: 30, messages: ['Customer ID, cust-2b, was not found or is incomplete.'] },
    ]);
  });
});

describe('checks (ACH)', () => {
  let m: SandboxMerchant;
  let client: PayTraceClient;
  beforeAll(async () => {
    m = await h.newMerchant(ZONE);
    client = h.client(m);
  });

  it('sells by account, refuses $0.29 (125) and bad bank details (45 and 46 together)', async () => {
    const sale = approved(await client.checkSaleByAccount({ amountMinor: 2500, check: BANK, billingAddress: BILLING }));
    expect(sale).toMatchObject({ responseCode: 120, statusMessage: JSON.parse(EX.CHECK_PROCESSED.body).status_message });
    expect(sale.checkTransactionId).toBeGreaterThan(0);
    expect(sale.transactionId).toBeUndefined();

    expect(declined(await client.checkSaleByAccount({ amountMinor: 29, check: BANK, billingAddress: BILLING }))).toMatchObject({
      responseCode: 125,
      statusMessage: 'Your check was NOT successfully processed.',
      achCode: 0,
      achMessage: '',
    });

    const bad = invalid(await client.checkSaleByAccount({ amountMinor: 100, check: { accountNumber: '12', routingNumber: '123456789' }, billingAddress: BILLING }));
    expect(bad.errors).toEqual([
      { code: 45, messages: messageOf(EX.ERRORS_30_45_46, 45) },
      { code: 46, messages: messageOf(EX.ERRORS_30_45_46, 46) },
    ]);
  });

  it('holds, funds in part, voids, and refunds only after settlement', async () => {
    const hold = approved(await client.checkHoldByAccount({ amountMinor: 5000, check: BANK, billingAddress: BILLING }));
    expect(approved(await client.fundCheck({ checkTransactionId: hold.checkTransactionId!, amountMinor: 4000 }))).toMatchObject({
      responseCode: 124,
      statusMessage: 'Your check was successfully managed.',
    });

    const other = approved(await client.checkHoldByAccount({ amountMinor: 1000, check: BANK, billingAddress: BILLING }));
    expect(approved(await client.voidCheck({ checkTransactionId: other.checkTransactionId! })).responseCode).toBe(124);
    expect(invalid(await client.voidCheck({ checkTransactionId: other.checkTransactionId! })).errors).toEqual([
      { code: 80, messages: messageOf(EX.ERROR_80_NOT_MANAGEABLE, 80) },
    ]);

    expect(invalid(await client.refundCheck({ checkTransactionId: hold.checkTransactionId! })).errors).toEqual([{ code: 80, messages: messageOf(EX.ERROR_80_NOT_FOUND, 80) }]);
    await settle(m);
    const refund = approved(await client.refundCheck({ checkTransactionId: hold.checkTransactionId!, amountMinor: 1500 }));
    expect(refund).toMatchObject({ responseCode: 122, statusMessage: 'Your check was successfully refunded.' });
    expect(refund.checkTransactionId).not.toBe(hold.checkTransactionId);
  });

  it('sells and holds by vault customer (a bank-account profile)', async () => {
    expect(ok(await client.createCustomerByBankAccount({ customerId: 'ach-1', check: BANK, billingAddress: BILLING }))).toMatchObject({ customerId: 'ach-1' });
    expect(approved(await client.checkSaleByCustomer({ amountMinor: 1200, customerId: 'ach-1' })).responseCode).toBe(120);
    expect(approved(await client.checkHoldByCustomer({ amountMinor: 800, customerId: 'ach-1' })).responseCode).toBe(120);
    const [profile] = ok(await client.exportCustomers({ customerId: 'ach-1' }));
    expect(profile).toMatchObject({ maskedAccountNumber: 'xx3456', routingNumber: '325070760', maskedCardNumber: '' });
  });
});

describe('recurring payments', () => {
  let m: SandboxMerchant;
  let client: PayTraceClient;
  beforeAll(async () => {
    // Its own merchant: this test moves the merchant's clock.
    m = await h.newMerchant(ZONE);
    client = h.client(m);
    ok(await client.createCustomerByProtect({ customerId: 'sub-1', ...(await h.tokenize(client)), billingAddress: BILLING }));
  });

  it('creates, updates, runs, reports and deletes a monthly payment', async () => {
    const tomorrow = dayOffset(1);
    const { recurrenceId } = ok(
      await client.createRecurrence({ customerId: 'sub-1', amountMinor: 999, frequency: 'monthly', startDate: tomorrow, totalCount: 3, description: 'Pro plan' }),
    );
    expect(recurrenceId).toBeGreaterThan(0);
    expect(ok(await client.exportRecurrences({ customerId: 'sub-1' }))).toEqual([
      {
        id: recurrenceId,
        customerId: 'sub-1',
        amountMinor: 999,
        frequency: 'monthly',
        frequencyCode: '3',
        startDate: tomorrow,
        nextDate: tomorrow,
        totalCount: 3,
        currentCount: 0,
        transactionType: 'Sale',
        description: 'Pro plan',
        invoiceId: '',
      },
    ]);

    ok(await client.updateRecurrence({ recurrenceId, amountMinor: 1050 }));
    expect(ok(await client.exportRecurrences({ recurrenceId }))[0].amountMinor).toBe(1050);
    expect(codes(await client.exportApprovedRecurrence({ customerId: 'sub-1' }))).toEqual([853]);

    const advanced = await h.admin('POST', `/merchants/${m.id}/clock/advance`, { days: 2 });
    expect(advanced.body.recurring_transaction_ids).toHaveLength(1);
    const charged = ok(await client.exportApprovedRecurrence({ customerId: 'sub-1' }));
    expect(charged).toMatchObject({ transactionId: advanced.body.recurring_transaction_ids[0], amountMinor: 1050, createdThrough: 'Recurring', customerId: 'sub-1' });
    expect(transactionState(charged)).toBe('approved');
    // Recurring payments run at 12:30 AM merchant time on their date: the UTC instant must read so in Chicago.
    const [year, month, day] = tomorrow.split('-').map(Number);
    expect(formatPayTraceTimestamp(charged.createdAt, ZONE)).toBe(`${month}/${day}/${year} 12:30:00 AM`);
    expect(ok(await client.exportRecurrences({ recurrenceId }))[0]).toMatchObject({ currentCount: 1 });

    ok(await client.deleteRecurrence({ recurrenceId }));
    expect(ok(await client.exportRecurrences({ customerId: 'sub-1' }))).toEqual([]);
  });
});

describe('exports and batches', () => {
  let m: SandboxMerchant;
  let client: PayTraceClient;
  const ids: Record<string, number> = {};
  let firstBatch: number;

  beforeAll(async () => {
    m = await h.newMerchant(ZONE);
    client = h.client(m);
    ok(await client.createCustomerByProtect({ customerId: 'exp-1', ...(await h.tokenize(client)) }));
    ids.big = approved(await client.saleByCustomer({ amountMinor: 1000, customerId: 'exp-1' })).transactionId!;
    ids.small = approved(await client.saleByCustomer({ amountMinor: 525, customerId: 'exp-1' })).transactionId!;
    ids.declined = declined(await client.saleByCustomer({ amountMinor: 13, customerId: 'exp-1' })).transactionId!;
    firstBatch = (await settle(m))!;
    ids.refund = approved(await client.refundTransaction({ transactionId: ids.big, amountMinor: 100 })).transactionId!;
    await settle(m);
  });

  it('exports a date range (calendar days or instants) with each row’s state', async () => {
    const rows = ok(await client.exportTransactionsByDateRange({ startDate: dayOffset(-1), endDate: dayOffset(1) }));
    const states = Object.fromEntries(rows.map((row) => [row.transactionId, transactionState(row)]));
    expect(states).toEqual({ [ids.big]: 'settled', [ids.small]: 'settled', [ids.declined]: 'declined', [ids.refund]: 'refunded' });
    expect(rows.find((row) => row.transactionId === ids.small)).toMatchObject({ amountMinor: 525, customerId: 'exp-1' });

    const byInstants = ok(await client.exportTransactionsByDateRange({ startDate: new Date(Date.now() - 86_400_000), endDate: new Date(Date.now() + 86_400_000) }));
    expect(byInstants.map((row) => row.transactionId).sort()).toEqual(rows.map((row) => row.transactionId).sort());

    const sales = ok(await client.exportTransactionsByDateRange({ startDate: dayOffset(-1), endDate: dayOffset(1), transactionType: 'SALE', customerId: 'exp-1' }));
    expect(sales.map((row) => row.transactionType)).toEqual(['SALE', 'SALE', 'SALE']);
    expect(ok(await client.exportTransactionsByDateRange({ startDate: dayOffset(-30), endDate: dayOffset(-20) }))).toEqual([]);
  });

  it('exports batches in cents, the latest by default', async () => {
    const first = ok(await client.exportBatch({ batchNumber: firstBatch }))!;
    expect(first).toMatchObject({ batchNumber: firstBatch, transactionCount: 2, salesCount: 2, salesAmountMinor: 1525, refundCount: 0, netAmountMinor: 1525 });
    expect(first.byCardBrand.visa).toEqual({ salesCount: 2, salesAmountMinor: 1525, refundCount: 0, refundAmountMinor: 0 });
    expect(withinMinutes(first.settledAt!, 2)).toBe(true);

    const latest = ok(await client.exportBatch())!;
    expect(latest).toMatchObject({ batchNumber: firstBatch + 1, transactionCount: 1, refundCount: 1, refundAmountMinor: 100, netAmountMinor: -100 });

    const batches = ok(await client.exportBatchesByDateRange({ startDate: dayOffset(-1), endDate: dayOffset(1) }));
    expect(batches.map((b) => b.batchNumber)).toEqual([firstBatch, firstBatch + 1]);

    const inBatch = ok(await client.exportBatchTransactions({ batchNumber: firstBatch }));
    expect(inBatch.map((row) => row.transactionId).sort()).toEqual([ids.big, ids.small].sort());
    expect(inBatch.every((row) => transactionState(row) === 'settled')).toBe(true);
  });
});

describe('faults and failures', () => {
  let m: SandboxMerchant;
  let client: PayTraceClient;
  const sale = () => client.saleByCustomer({ amountMinor: 100, customerId: 'f-1' });

  beforeAll(async () => {
    m = await h.newMerchant(ZONE);
    client = h.client(m);
    ok(await client.createCustomerByProtect({ customerId: 'f-1', ...(await h.tokenize(client)) }));
  });

  afterAll(async () => {
    h.dice = undefined;
    await h.faults(m, {});
  });

  it('answers invalid_grant for a wrong password, without retrying', async () => {
    const wrong = h.client({ ...m, password: 'not-the-password' }, { connectionKey: `wrong-${m.id}` });
    const before = hitsOf('/oauth/token');
    const outcome = await wrong.exportCustomers();
    expect(outcome).toMatchObject({ kind: 'AuthError', reason: 'invalid_grant', httpStatus: 400 });
    expect(isRetryable(outcome)).toBe(false);
    expect(hitsOf('/oauth/token') - before).toBe(1);
  });

  it('gets a new token and retries once when PayTrace rejects a live one', async () => {
    approved(await sale()); // a cached token
    await h.faults(m, { invalid_token_rate: 0.5 });
    const rolls = [0.1, 0.9]; // the first call is rejected, the retry is not
    h.dice = () => rolls.shift() ?? 0.9;
    const [tokens, calls] = [hitsOf('/oauth/token'), hitsOf('/v1/transactions/sale/by_customer')];
    approved(await sale());
    expect(hitsOf('/oauth/token') - tokens).toBe(1);
    expect(hitsOf('/v1/transactions/sale/by_customer') - calls).toBe(2);
    h.dice = undefined;
  });

  it('gives up with AuthError after one retry in an invalid_token storm', async () => {
    await h.faults(m, { invalid_token_rate: 1 });
    const [tokens, calls] = [hitsOf('/oauth/token'), hitsOf('/v1/transactions/sale/by_customer')];
    expect(await sale()).toMatchObject({ kind: 'AuthError', reason: 'invalid_token', httpStatus: 401 });
    expect(hitsOf('/oauth/token') - tokens).toBe(1);
    expect(hitsOf('/v1/transactions/sale/by_customer') - calls).toBe(2);
    await h.faults(m, {});
    approved(await sale());
    expect(hitsOf('/oauth/token') - tokens).toBe(1); // the storm's last token is still good
  });

  it('maps a 500 HTML page, a 429 and a truncated export to retryable TransientErrors', async () => {
    await h.faults(m, { error_rate: 1 });
    const serverError = transient(await sale());
    expect(serverError).toMatchObject({ reason: 'server_error', httpStatus: 500, maybeProcessed: true, detail: "HTTP 500: We're sorry, but something went wrong." });
    expect(isRetryable(serverError)).toBe(true);

    await h.faults(m, { rate_limit_rate: 1 });
    expect(transient(await sale())).toMatchObject({ reason: 'rate_limited', httpStatus: 429, retryAfterMs: 1000, maybeProcessed: false });

    await h.faults(m, { truncated_export_rate: 1 });
    expect(transient(await client.exportCustomers())).toMatchObject({ reason: 'invalid_body', httpStatus: 200, maybeProcessed: true });
    approved(await sale()); // only exports are cut off
  });

  it('says a lost response may have been processed, and it was', async () => {
    const range = { startDate: dayOffset(-1), endDate: dayOffset(1), customerId: 'f-1' };
    await h.faults(m, {});
    const before = ok(await client.exportTransactionsByDateRange(range)).length;
    await h.faults(m, { lost_response_rate: 1 });
    expect(transient(await sale())).toMatchObject({ reason: 'server_error', httpStatus: 502, maybeProcessed: true });
    await h.faults(m, {});
    expect(ok(await client.exportTransactionsByDateRange(range))).toHaveLength(before + 1);
  });

  it('times out a slow PayTrace with AbortSignal.timeout', async () => {
    await h.faults(m, { latency_ms: 1500 });
    const impatient = h.client(m, { timeoutMs: 300 });
    expect(transient(await impatient.exportCustomers())).toMatchObject({ reason: 'timeout', maybeProcessed: true });
    await h.faults(m, {});
  });

  it('reports an outage at the token endpoint as transient, not sent', async () => {
    await h.faults(m, { outage: true });
    const fresh = h.client(m, { connectionKey: `outage-${m.id}` });
    expect(transient(await fresh.exportCustomers())).toMatchObject({ reason: 'server_error', httpStatus: 503, maybeProcessed: false });
    await h.faults(m, {});
  });
});

describe('one shared token across processes', () => {
  it('makes exactly one /oauth/token call for 20 concurrent requests from two client instances', async () => {
    const m = await h.newMerchant(ZONE);
    const setup = h.client(m, { connectionKey: `setup-${m.id}` });
    ok(await setup.createCustomerByProtect({ customerId: 'shared-1', ...(await h.tokenize(setup)) }));

    // Two "processes": their own Redis connections and stores, the same connection key.
    const [redisA, redisB] = [new Redis(inject('redisUrl')), new Redis(inject('redisUrl'))];
    try {
      const a = h.client(m, { redis: redisA, connectionKey: `shared-${m.id}` });
      const b = h.client(m, { redis: redisB, connectionKey: `shared-${m.id}` });
      const before = hitsOf('/oauth/token');
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).saleByCustomer({ amountMinor: 100 + i, customerId: 'shared-1' })));
      expect(outcomes.map((o) => o.kind)).toEqual(Array(20).fill('Approved'));
      expect(hitsOf('/oauth/token') - before).toBe(1);

      const { rows } = await h.pool.query("SELECT count(*)::int AS n FROM paytrace_sandbox.tokens WHERE merchant_id = $1 AND kind = 'access'", [m.id]);
      expect(rows[0].n).toBe(2); // the setup client's and the shared one
      const ttl = await redisA.pttl(`${h.redisPrefix}:token:shared-${m.id}`);
      expect(ttl).toBeGreaterThan(7_000_000);
      expect(ttl).toBeLessThanOrEqual(7_140_000); // 7200 s less the 60 s margin
    } finally {
      redisA.disconnect();
      redisB.disconnect();
    }
  });
});

// ====================================================================================================
// 2. The fact sheet: its examples through the client, and the sandbox against them
// ====================================================================================================

interface Recorded {
  path: string;
  contentType: string;
  body: string;
}

/** A client for the REAL base URL whose fetch answers from the fact sheet instead of the network. */
function replayClient(answer: (path: string) => { status?: number; body: string }) {
  const sent: Recorded[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    expect(url.origin).toBe('https://api.paytrace.com');
    const headers = init?.headers as Record<string, string>;
    sent.push({ path: url.pathname, contentType: headers['content-type'], body: String(init?.body) });
    const { status = 200, body } = answer(url.pathname);
    return new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  }) as typeof fetch;
  const client = new PayTraceClient(
    { baseUrl: 'https://api.paytrace.com', username: 'apiuser', password: 'apipass', integratorId: 'SETTLE0001', timeZone: 'America/Los_Angeles', connectionKey: 'replay' },
    { tokens: new MemoryTokenStore(), rateLimiter: { acquire: async () => undefined }, fetch: fetchFn },
  );
  return { client, sent };
}

/** The token first, then `example` for every API call (with `status`: the fact sheet leaves statuses UNSURE). */
const answering = (example: EX.ResponseExample, status = 200) =>
  replayClient((path) => (path === '/oauth/token' ? { body: EX.TOKEN_SUCCESS.body } : { status, body: example.body })).client;

describe('fact sheet examples through the client', () => {
  it('parses the approval verbatim, leading and double spaces included', async () => {
    expect(await answering(EX.SALE_APPROVED).saleByCustomer({ amountMinor: 100, customerId: 'customer456' })).toEqual({
      kind: 'Approved',
      responseCode: 101,
      statusMessage: 'Your transaction was successfully approved.',
      transactionId: 392483066,
      approvalCode: 'TAS610',
      approvalMessage: '  NO  MATCH - Approved and completed',
      avsResponse: 'No Match',
      cscResponse: '',
      maskedCardNumber: 'xxxxxxxxxxxx5439',
      externalTransactionId: '',
    });
  });

  it.each([200, 400])('parses both decline examples with their transaction ids (HTTP %i)', async (status) => {
    expect(await answering(EX.SALE_DECLINED, status).saleByProtect({ amountMinor: 100, hpfToken: 'h', encKey: 'k' })).toMatchObject({
      kind: 'Declined',
      responseCode: 102,
      transactionId: 392501201,
      approvalMessage: '    DECLINE - Do not honor',
    });
    expect(await answering(EX.SALE_EXPIRED_CARD, status).authorizeByCustomer({ amountMinor: 100, customerId: 'c' })).toMatchObject({
      kind: 'Declined',
      transactionId: 395971008,
      approvalMessage: '  EXPIRED CARD - Expired card',
    });
  });

  it('parses captures, voids and both refund wordings', async () => {
    expect(await answering(EX.CAPTURED).capture({ transactionId: 392442990 })).toMatchObject({ kind: 'Approved', responseCode: 112, transactionId: 392442990 });
    expect(await answering(EX.VOIDED).voidTransaction({ transactionId: 395971574 })).toMatchObject({ kind: 'Approved', responseCode: 109 });
    expect(await answering(EX.REFUNDED).refundTransaction({ transactionId: 1 })).toMatchObject({ kind: 'Approved', responseCode: 106, transactionId: 105968559 });
    expect(await answering(EX.REFUNDED_2017).refundTransaction({ transactionId: 1 })).toMatchObject({
      kind: 'Approved',
      statusMessage: 'Your transaction was successfully refunded.',
      maskedCardNumber: 'xxxxxxxxxxxx5439',
    });
  });

  it.each([200, 400])('keeps every code and message of the error examples (HTTP %i)', async (status) => {
    const cases: [EX.ResponseExample, (c: PayTraceClient) => Promise<AnyOutcome>, number[]][] = [
      [EX.ERRORS_35_AND_43, (c) => c.saleByProtect({ amountMinor: 100, hpfToken: 'h', encKey: 'k' }), [35, 43]],
      [EX.ERROR_58, (c) => c.capture({ transactionId: 1 }), [58]],
      [EX.ERROR_817, (c) => c.refundTransaction({ transactionId: 1 }), [817]],
      [EX.ERROR_818, (c) => c.voidTransaction({ transactionId: 1 }), [818]],
      [EX.ERROR_811, (c) => c.exportTransactionById({ transactionId: 1 }), [811]],
      [EX.ERROR_816, (c) => c.capture({ transactionId: 1 }), [816]],
      [EX.ERRORS_30_45_46, (c) => c.checkSaleByCustomer({ amountMinor: 100, customerId: 'customerid123' }), [30, 45, 46]],
      [EX.ERROR_171, (c) => c.createCustomerByProtect({ customerId: 'x', hpfToken: 'h', encKey: 'k' }), [171]],
      [EX.ERROR_80_NOT_MANAGEABLE, (c) => c.voidCheck({ checkTransactionId: 1 }), [80]],
      [EX.ERROR_80_NOT_FOUND, (c) => c.refundCheck({ checkTransactionId: 1 }), [80]],
    ];
    for (const [example, call, expected] of cases) {
      const outcome = invalid(await call(answering(example, status)));
      const errors = JSON.parse(example.body).errors as Record<string, string[]>;
      expect(outcome.errors).toEqual(expected.map((code) => ({ code, messages: errors[String(code)] })));
      expect(outcome.statusMessage).toBe('One or more errors has occurred.');
    }
  });

  it('parses 981 as a permission AuthError', async () => {
    expect(await answering(EX.ERROR_981, 400).refundTransaction({ transactionId: 1 })).toMatchObject({
      kind: 'AuthError',
      reason: 'permission',
      code: '981',
      description: 'Log in failed for insufficient permissions.',
    });
  });

  it('parses the check examples', async () => {
    expect(await answering(EX.CHECK_PROCESSED).checkSaleByAccount({ amountMinor: 100, check: BANK })).toMatchObject({ kind: 'Approved', responseCode: 120, checkTransactionId: 981619 });
    expect(await answering(EX.CHECK_REFUNDED).refundCheck({ checkTransactionId: 1 })).toMatchObject({ kind: 'Approved', responseCode: 122, checkTransactionId: 9981632 });
    expect(await answering(EX.CHECK_MANAGED).fundCheck({ checkTransactionId: 1 })).toMatchObject({ kind: 'Approved', responseCode: 124, checkTransactionId: 9981614 });
    expect(await answering(EX.CHECK_NOT_PROCESSED).checkHoldByAccount({ amountMinor: 100, check: BANK })).toMatchObject({
      kind: 'Declined',
      responseCode: 125,
      checkTransactionId: 981610,
      achCode: 0,
    });
  });

  it('parses the vault, Level 3, receipt and export examples', async () => {
    expect(await answering(EX.CUSTOMER_CREATED).createCustomerByProtect({ customerId: 'customer456', hpfToken: 'h', encKey: 'k' })).toMatchObject({
      kind: 'Ok',
      responseCode: 160,
      value: { customerId: 'customer456', maskedCardNumber: 'xxxxxxxxxxxx1111' },
    });
    expect(await answering(EX.CUSTOMER_UPDATED).updateCustomer({ customerId: 'customer456', email: 'a@b.c' })).toMatchObject({ kind: 'Ok', responseCode: 161 });
    expect(await answering(EX.LEVEL_THREE_ADDED).addLevelThreeVisa({ transactionId: 392483066 })).toMatchObject({ kind: 'Ok', responseCode: 170 });
    expect(await answering(EX.RECEIPT_EMAILED).emailReceipt({ transactionId: 392483066, email: 'steve@example.com' })).toMatchObject({ kind: 'Ok', responseCode: 149 });

    const [row] = ok(await answering(EX.EXPORT_BY_DATE_RANGE).exportTransactionsByDateRange({ startDate: '2015-04-10', endDate: '2015-04-10' }));
    expect(row).toMatchObject({ transactionId: 392483066, amountMinor: 11000, taxAmountMinor: 810, approvalMessage: '  NO  MATCH - Approved and completed' });
    expect(row.createdAt.toISOString()).toBe('2015-04-10T23:06:30.000Z'); // 4:06:30 PM Pacific daylight time
    expect(transactionState(row)).toBe('settled');
  });

  it('parses the OAuth examples: invalid_grant stops, invalid_token is retried once', async () => {
    const refused = replayClient(() => ({ status: 400, body: EX.INVALID_GRANT.body }));
    expect(await refused.client.saleByCustomer({ amountMinor: 100, customerId: 'c' })).toMatchObject({ kind: 'AuthError', reason: 'invalid_grant' });
    expect(refused.sent.map((s) => s.path)).toEqual(['/oauth/token']);

    let rejected = false;
    const retried = replayClient((path) => {
      if (path === '/oauth/token') return { body: EX.TOKEN_SUCCESS.body };
      if (!rejected) {
        rejected = true;
        return { status: 401, body: EX.INVALID_TOKEN.body };
      }
      return { body: EX.SALE_APPROVED.body };
    });
    expect(await retried.client.saleByCustomer({ amountMinor: 100, customerId: 'c' })).toMatchObject({ kind: 'Approved' });
    expect(retried.sent.map((s) => s.path)).toEqual(['/oauth/token', '/v1/transactions/sale/by_customer', '/oauth/token', '/v1/transactions/sale/by_customer']);
  });

  it('sends the fact sheet’s field names: a form-encoded token request, JSON bodies with integrator_id', async () => {
    const { client, sent } = replayClient((path) => (path === '/oauth/token' ? { body: EX.TOKEN_SUCCESS.body } : { body: EX.SALE_APPROVED.body }));
    await client.saleByCustomer({ amountMinor: 100, customerId: 'c' });
    await client.authorizeByCustomer({ amountMinor: 0, customerId: 'c' });
    await client.saleByProtect({ amountMinor: 100, hpfToken: 'h', encKey: 'k', billingAddress: BILLING, invoiceId: 'I' });
    await client.capture({ transactionId: 1, amountMinor: 50 });
    await client.voidTransaction({ transactionId: 1 });
    await client.refundTransaction({ transactionId: 1, amountMinor: 50 });
    await client.refundToCustomer({ customerId: 'c', amountMinor: 50 });
    await client.emailReceipt({ transactionId: 1, email: 'a@b.c' });
    await client.checkSaleByAccount({ amountMinor: 100, check: BANK, billingAddress: BILLING });
    await client.fundCheck({ checkTransactionId: 1, amountMinor: 50 });
    await client.voidCheck({ checkTransactionId: 1 });
    await client.refundCheck({ checkTransactionId: 1, amountMinor: 50 });
    await client.createCustomerFromTransaction({ customerId: 'c', transactionId: 1 });
    await client.deleteCustomer({ customerId: 'c' });
    await client.createRecurrence({ customerId: 'c', amountMinor: 100, frequency: 'monthly', startDate: '2030-01-31', totalCount: 12 });
    await client.exportApprovedRecurrence({ customerId: 'c' });
    await client.exportTransactionById({ transactionId: 1 });
    await client.exportTransactionsByDateRange({ startDate: '2015-04-10', endDate: '2015-04-11' });

    const [token] = sent;
    expect(token.path).toBe(EX.TOKEN_REQUEST.path);
    expect(token.contentType).toMatch(new RegExp(`^${EX.TOKEN_REQUEST.contentType}`));
    expect([...new URLSearchParams(token.body).keys()]).toEqual(EX.TOKEN_REQUEST.fields);

    for (const [path, fields] of Object.entries(EX.REQUEST_FIELDS)) {
      const request = sent.find((s) => s.path === path);
      expect(request, path).toBeDefined();
      expect(request!.contentType).toBe('application/json');
      const body = JSON.parse(request!.body);
      expect(Object.keys(body), path).toEqual(expect.arrayContaining(fields));
      expect(body.integrator_id).toBe('SETTLE0001');
      if ('amount' in body) expect(body.amount, path).toMatch(/^\d+\.\d{2}$/);
    }
    const range = JSON.parse(sent.find((s) => s.path === '/v1/transactions/export/by_date_range')!.body);
    expect(range).toMatchObject({ start_date: '04/10/2015', end_date: '04/11/2015' });
    const recurrence = JSON.parse(sent.find((s) => s.path === '/v1/recurrence/create')!.body);
    expect(recurrence).toMatchObject({ customer_id: 'c', recurrence: { amount: '1.00', start_date: '01/31/2030', total_count: 12, transaction_type: 'Sale' } });
  });
});

describe('the sandbox against the fact sheet', () => {
  let m: SandboxMerchant;
  let client: PayTraceClient;
  let recorder: ReturnType<typeof recordingFetch>;

  beforeAll(async () => {
    m = await h.newMerchant('America/Los_Angeles');
    recorder = recordingFetch();
    client = h.client(m, { fetch: recorder.fetch, connectionKey: `drift-${m.id}` });
  });

  /** The last body the sandbox answered on `path`. */
  const lastBody = (path: string) => {
    const found = recorder.bodies.filter((b) => b.path === path).at(-1);
    if (!found) throw new Error(`no sandbox answer recorded for ${path}`);
    return { status: found.status, body: JSON.parse(found.text) as Record<string, unknown> };
  };

  /**
   * Known sandbox drift, reported to the sandbox's owner: real error bodies of capture and refund carry
   * `"external_transaction_id":""` (AM-unit failed_capture_response, failed_transaction_refund_response),
   * the sandbox's error envelope does not. Settle reads no such field. Remove an entry once fixed.
   */
  const KNOWN_SANDBOX_GAPS: Record<string, string[]> = {
    '/v1/transactions/authorization/capture': ['external_transaction_id'],
    '/v1/transactions/refund/for_transaction': ['external_transaction_id'],
  };

  /** The sandbox answers every field the real example has, with the same JSON type, and the same code. */
  const expectSameShape = (path: string, example: EX.ResponseExample) => {
    const real = JSON.parse(example.body) as Record<string, unknown>;
    const { body } = lastBody(path);
    const gaps = body.errors ? (KNOWN_SANDBOX_GAPS[path] ?? []) : [];
    for (const [field, value] of Object.entries(real).filter(([field]) => !gaps.includes(field))) {
      expect(body, `${path}: ${field}`).toHaveProperty(field);
      expect(typeof body[field], `${path}: type of ${field}`).toBe(typeof value);
    }
    expect(body.response_code, path).toBe(real.response_code);
    expect(body.success, path).toBe(real.success);
    return { body, real };
  };

  it('issues tokens and refuses logins like PayTrace', async () => {
    await client.exportCustomers();
    const token = expectSameShape('/oauth/token', EX.TOKEN_SUCCESS);
    expect(token.body).toMatchObject({ token_type: 'bearer', expires_in: 7200 });
    expect(token.body.access_token).toMatch(/^[0-9a-f]+:[0-9a-f]+:[0-9a-f]+$/);

    const wrongRecorder = recordingFetch();
    await h.client({ ...m, password: 'wrong-password' }, { fetch: wrongRecorder.fetch, connectionKey: `drift-wrong-${m.id}` }).exportCustomers();
    expect(JSON.parse(wrongRecorder.bodies[0].text)).toEqual(JSON.parse(EX.INVALID_GRANT.body));

    await h.faults(m, { invalid_token_rate: 1 });
    await client.exportCustomers();
    await h.faults(m, {});
    expect(lastBody('/v1/customer/export')).toEqual({ status: 401, body: JSON.parse(EX.INVALID_TOKEN.body) });
  });

  it('approves, declines and refuses with the real fields, codes and messages', async () => {
    await client.saleByProtect({ amountMinor: 100, ...(await h.tokenize(client)) });
    const sale = expectSameShape('/v1/transactions/sale/pt_protect', EX.SALE_APPROVED);
    expect(sale.body.status_message).toBe(sale.real.status_message);

    await client.saleByProtect({ amountMinor: 13, ...(await h.tokenize(client)) });
    const decline = expectSameShape('/v1/transactions/sale/pt_protect', EX.SALE_DECLINED);
    expect([decline.body.status_message, decline.body.approval_message, decline.body.approval_code]).toEqual([
      decline.real.status_message,
      decline.real.approval_message,
      decline.real.approval_code,
    ]);

    await client.saleByProtect({ amountMinor: 29, ...(await h.tokenize(client)) });
    expect(expectSameShape('/v1/transactions/sale/pt_protect', EX.SALE_EXPIRED_CARD).body.approval_message).toBe('  EXPIRED CARD - Expired card');

    // Protect.js's tokenize (the browser side) validates the card like a keyed sale: errors 35 and 43 together.
    const key = ok(await client.createProtectClientKey());
    const refused = await fetch(`${h.baseUrl}/protect/tokenize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_key: key.clientKey, credit_card: { number: '54545454545454', expiration_month: '14', expiration_year: '2030' } }),
    });
    expect(await refused.json()).toEqual(JSON.parse(EX.ERRORS_35_AND_43.body));
  });

  it('captures, voids, refunds and refuses them like PayTrace', async () => {
    const auth = approved(await client.authorizeByProtect({ amountMinor: 1000, ...(await h.tokenize(client)) }));
    await client.capture({ transactionId: auth.transactionId! });
    expectSameShape('/v1/transactions/authorization/capture', EX.CAPTURED);
    await client.capture({ transactionId: auth.transactionId! });
    expect(expectSameShape('/v1/transactions/authorization/capture', EX.ERROR_816).body.errors).toEqual(JSON.parse(EX.ERROR_816.body).errors);

    const sale = approved(await client.saleByProtect({ amountMinor: 2000, ...(await h.tokenize(client)) }));
    await client.refundTransaction({ transactionId: sale.transactionId! });
    expect(expectSameShape('/v1/transactions/refund/for_transaction', EX.ERROR_817).body.errors).toEqual(JSON.parse(EX.ERROR_817.body).errors);
    await client.refundTransaction({ transactionId: 999_999_999 });
    expect(lastBody('/v1/transactions/refund/for_transaction').body.errors).toEqual(JSON.parse(EX.ERROR_811.body).errors);

    const toVoid = approved(await client.saleByProtect({ amountMinor: 300, ...(await h.tokenize(client)) }));
    await client.voidTransaction({ transactionId: toVoid.transactionId! });
    expect(expectSameShape('/v1/transactions/void', EX.VOIDED).body.status_message).toBe(JSON.parse(EX.VOIDED.body).status_message);

    await settle(m);
    await client.voidTransaction({ transactionId: sale.transactionId! });
    expect(expectSameShape('/v1/transactions/void', EX.ERROR_818).body.errors).toEqual(JSON.parse(EX.ERROR_818.body).errors);
    await client.refundTransaction({ transactionId: sale.transactionId!, amountMinor: 500 });
    const refund = expectSameShape('/v1/transactions/refund/for_transaction', EX.REFUNDED);
    // Two real wordings exist for 106 (AM-unit now and in 2017); the sandbox uses one of them.
    expect([JSON.parse(EX.REFUNDED.body).status_message, JSON.parse(EX.REFUNDED_2017.body).status_message]).toContain(refund.body.status_message);
  });

  it('answers checks, the vault, Level 3 and receipts like PayTrace', async () => {
    await client.checkSaleByAccount({ amountMinor: 100, check: BANK, billingAddress: BILLING });
    expect(expectSameShape('/v1/checks/sale/by_account', EX.CHECK_PROCESSED).body.status_message).toBe('Your check was successfully processed.');
    await client.checkSaleByAccount({ amountMinor: 29, check: BANK, billingAddress: BILLING });
    expectSameShape('/v1/checks/sale/by_account', EX.CHECK_NOT_PROCESSED);
    const hold = approved(await client.checkHoldByAccount({ amountMinor: 100, check: BANK, billingAddress: BILLING }));
    await client.voidCheck({ checkTransactionId: hold.checkTransactionId! });
    expectSameShape('/v1/checks/manage/void', EX.CHECK_MANAGED);
    await client.voidCheck({ checkTransactionId: hold.checkTransactionId! });
    expect(lastBody('/v1/checks/manage/void').body.errors).toEqual(JSON.parse(EX.ERROR_80_NOT_MANAGEABLE.body).errors);
    await client.checkSaleByAccount({ amountMinor: 100, check: { accountNumber: '1', routingNumber: '1' }, billingAddress: BILLING });
    const badBank = lastBody('/v1/checks/sale/by_account').body.errors as Record<string, string[]>;
    const realBank = JSON.parse(EX.ERRORS_30_45_46.body).errors as Record<string, string[]>;
    expect(badBank).toEqual({ '45': realBank['45'], '46': realBank['46'] });
    await client.checkSaleByCustomer({ amountMinor: 100, customerId: 'customerid123' });
    expect(lastBody('/v1/checks/sale/by_customer').body.errors).toEqual({ '30': realBank['30'] });

    await client.createCustomerByProtect({ customerId: 'customer456', ...(await h.tokenize(client)), billingAddress: { name: 'Steve Smith' } });
    const created = expectSameShape('/v1/customer/pt_protect_create', EX.CUSTOMER_CREATED);
    expect(created.body).toMatchObject({ status_message: created.real.status_message, customer_id: 'customer456', masked_card_number: 'xxxxxxxxxxxx1111' });
    await client.updateCustomer({ customerId: 'customer456', email: 'steve@example.com' });
    expect(expectSameShape('/v1/customer/update', EX.CUSTOMER_UPDATED).body.status_message).toBe(JSON.parse(EX.CUSTOMER_UPDATED.body).status_message);
    await client.createCustomerByProtect({ customerId: 'customer456', ...(await h.tokenize(client)) });
    expect(lastBody('/v1/customer/pt_protect_create').body.errors).toEqual(JSON.parse(EX.ERROR_171.body).errors);

    const sale = approved(await client.saleByProtect({ amountMinor: 100, ...(await h.tokenize(client)) }));
    await client.addLevelThreeVisa({ transactionId: sale.transactionId!, lineItems: [{ productId: 'sku1245', amountMinor: 100 }] });
    expect(expectSameShape('/v1/level_three/visa', EX.LEVEL_THREE_ADDED).body.status_message).toBe(
      `Visa/MasterCard enhanced data was successfully added to Transaction ID ${sale.transactionId}. 1 line item records were created.`,
    );
    await client.emailReceipt({ transactionId: sale.transactionId!, email: 'steve@example.com' });
    expectSameShape('/v1/transactions/email_receipt', EX.RECEIPT_EMAILED);
    await client.capture({ transactionId: 0 });
    expect(lastBody('/v1/transactions/authorization/capture').body.errors).toEqual(JSON.parse(EX.ERROR_58.body).errors);
  });

  it('exports transactions with every field of PayTrace’s sample row', async () => {
    await client.exportTransactionsByDateRange({ startDate: new Date(Date.now() - 86_400_000), endDate: new Date(Date.now() + 86_400_000) });
    const { body } = lastBody('/v1/transactions/export/by_date_range');
    const real = JSON.parse(EX.EXPORT_BY_DATE_RANGE.body);
    expect(Object.keys(body)).toEqual(expect.arrayContaining(Object.keys(real)));
    expect(body).toMatchObject({ success: true, response_code: 1, status_message: real.status_message });
    const rows = body.transactions as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      for (const [field, value] of Object.entries(EX.EXPORTED_SALE_ROW)) {
        expect(row, field).toHaveProperty(field);
        expect(typeof row[field], field).toBe(typeof value);
      }
      expect(Object.keys(row.created as object)).toEqual(expect.arrayContaining(Object.keys(EX.EXPORTED_SALE_ROW.created)));
      expect((row.created as { at: string }).at).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$/);
    }
  });
});

describe('coverage', () => {
  it('called every PayTrace path of the client against the sandbox', () => {
    const called = new Set(h.calls.map((call) => call.path));
    const missing = Object.values(PAYTRACE_PATHS).filter((path) => !called.has(path));
    expect(missing).toEqual([]);
  });
});
