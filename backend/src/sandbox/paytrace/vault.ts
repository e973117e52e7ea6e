/**
 * The customer vault: profiles keyed by a merchant-chosen customer_id, holding a card (masked, with a
 * vault token standing in for the number) and/or a bank account, for sales, refunds and recurrences.
 */
import { randomBytes } from 'node:crypto';
import type { CardSource } from './card-payments.js';
import type { CardOnFile } from './cards.js';
import type { CheckSource } from './check-payments.js';
import { deleteCustomer, findCustomer, insertCustomer, listCustomers, updateCustomer } from './customers.store.js';
import { ERROR, ErrorBag, PayTraceError } from './errors.js';
import { EXPORT_OK, exportCustomer } from './export-format.js';
import { spendProtectToken } from './protect.js';
import type { CustomerRecord } from './records.js';
import { deleteRecurrences } from './recurrences.store.js';
import { asBody, type Body, readAddress, readCard, readCheck, readCustomerId, readEmail, readExpiry, readId, storedText, text } from './request-fields.js';
import { customerResponse } from './responses.js';
import { findTransaction } from './transactions.store.js';
import type { Work } from './work.js';

/** Where a new profile's payment method comes from. */
export type ProfileSource = 'keyed' | 'protect' | 'transaction';

export async function createProfile(work: Work, body: Body, source: ProfileSource) {
  const bag = new ErrorBag();
  const customerId = readCustomerId(body, bag);
  const payment = await readPaymentMethod(work, body, source, bag);
  const contact = readContact(body, bag);
  bag.throwIfAny();
  if (await findCustomer(work, customerId)) throw PayTraceError.of(ERROR.duplicateCustomerId);
  const billingAddress = body.billing_address ? readAddress(body.billing_address) : (payment.billingAddress ?? {});
  const customer = await insertCustomer(work, {
    customerId,
    vaultToken: randomBytes(16).toString('hex'),
    ...cardFields(payment.card),
    checkAccountMasked: payment.check?.accountMasked ?? null,
    checkRoutingNumber: payment.check?.routingNumber ?? null,
    billingAddress,
    shippingAddress: readAddress(body.shipping_address),
    ...contact,
  });
  return customerResponse(160, customer);
}

export async function updateProfile(work: Work, body: Body) {
  const bag = new ErrorBag();
  const customerId = readCustomerId(body, bag);
  const newId = body.new_id === undefined ? undefined : readCustomerId(body, bag, 'new_id');
  // A new card, or (no number) a new expiry for the card on file.
  const newCard = body.credit_card !== undefined && asBody(body.credit_card).number !== undefined;
  const card = newCard ? cardFields(readCard(body, bag)) : body.credit_card !== undefined ? readExpiry(asBody(body.credit_card), bag) : {};
  const check = body.check === undefined ? undefined : readCheck(body, bag);
  const contact = readContact(body, bag);
  bag.throwIfAny();
  const existing = await findCustomer(work, customerId);
  if (!existing) throw PayTraceError.of(ERROR.customerNotFound(customerId));
  if (newId && newId !== customerId && (await findCustomer(work, newId))) throw PayTraceError.of(ERROR.duplicateCustomerId);
  const patch: Partial<CustomerRecord> = {
    customerId: newId,
    ...card,
    checkAccountMasked: check?.accountMasked,
    checkRoutingNumber: check?.routingNumber,
    billingAddress: body.billing_address === undefined ? undefined : readAddress(body.billing_address),
    shippingAddress: body.shipping_address === undefined ? undefined : readAddress(body.shipping_address),
    email: body.email === undefined ? undefined : contact.email,
    phone: body.phone === undefined ? undefined : contact.phone,
    fax: body.fax === undefined ? undefined : contact.fax,
  };
  const customer = await updateCustomer(work, customerId, patch);
  if (newId && newId !== customerId) {
    await work.db.query('UPDATE paytrace_sandbox.recurrences SET customer_id = $3 WHERE merchant_id = $1 AND customer_id = $2', [
      work.merchant.id,
      customerId,
      newId,
    ]);
  }
  return customerResponse(161, customer);
}

/** Deleting a profile also deletes its recurring payments; its past transactions stay. */
export async function deleteProfile(work: Work, body: Body) {
  const bag = new ErrorBag();
  const customerId = readCustomerId(body, bag);
  bag.throwIfAny();
  const customer = await findCustomer(work, customerId);
  if (!customer) throw PayTraceError.of(ERROR.customerNotFound(customerId));
  await deleteRecurrences(work, { customerId });
  await deleteCustomer(work, customerId);
  return customerResponse(162, customer);
}

export async function exportProfiles(work: Work, body: Body) {
  const customers = await listCustomers(work, { customerId: text(body, 'customer_id', 100), email: text(body, 'email') });
  return { ...EXPORT_OK, customers: customers.map((c) => exportCustomer(c, work.merchant.timeZone)) };
}

/** The card on a profile, for by_customer sales and refunds; error 30 when there is none. */
export async function customerCard(work: Work, body: Body, bag: ErrorBag): Promise<CardSource | undefined> {
  const customer = await profileFor(work, body, bag);
  if (!customer) return undefined;
  if (!customer.maskedCardNumber || !customer.cardBrand) {
    bag.add(ERROR.customerNotFound(customer.customerId));
    return undefined;
  }
  const cscProvided = text(body, 'csc') !== '';
  return { card: customerCardOnFile(customer), cscProvided, customerId: customer.customerId, billingAddress: customer.billingAddress };
}

/** The bank account on a profile, for by_customer checks; error 30 when there is none. */
export async function customerCheck(work: Work, body: Body, bag: ErrorBag): Promise<CheckSource | undefined> {
  const customer = await profileFor(work, body, bag);
  if (!customer) return undefined;
  if (!customer.checkAccountMasked || !customer.checkRoutingNumber) {
    bag.add(ERROR.customerNotFound(customer.customerId));
    return undefined;
  }
  return { accountMasked: customer.checkAccountMasked, routingNumber: customer.checkRoutingNumber, customerId: customer.customerId };
}

export function customerCardOnFile(c: CustomerRecord): CardOnFile {
  return { brand: c.cardBrand!, maskedNumber: c.maskedCardNumber!, expirationMonth: c.expirationMonth!, expirationYear: c.expirationYear! };
}

async function profileFor(work: Work, body: Body, bag: ErrorBag): Promise<CustomerRecord | undefined> {
  const customerId = readCustomerId(body, bag);
  if (!customerId) return undefined;
  const customer = await findCustomer(work, customerId);
  if (!customer) bag.add(ERROR.customerNotFound(customerId));
  return customer;
}

async function readPaymentMethod(work: Work, body: Body, source: ProfileSource, bag: ErrorBag) {
  if (source === 'protect') return { card: (await spendProtectToken(work, body, bag))?.card };
  if (source === 'transaction') {
    const id = readId(body, 'transaction_id', bag);
    const t = id ? await findTransaction(work, id, 'card') : undefined;
    if (id && !t) bag.add(ERROR.transactionNotFound);
    if (!t?.maskedCardNumber) return {};
    const card = { brand: t.cardBrand!, maskedNumber: t.maskedCardNumber, expirationMonth: t.expirationMonth!, expirationYear: t.expirationYear! };
    return { card, billingAddress: t.billingAddress };
  }
  if (body.check !== undefined && body.credit_card === undefined) return { check: readCheck(body, bag) };
  return { card: readCard(body, bag) };
}

function readContact(body: Body, bag: ErrorBag) {
  return { email: readEmail(body, bag), phone: storedText(body, 'phone', 30), fax: storedText(body, 'fax', 30) };
}

function cardFields(card: CardOnFile | undefined): Pick<CustomerRecord, 'cardBrand' | 'maskedCardNumber' | 'expirationMonth' | 'expirationYear'> {
  return {
    cardBrand: card?.brand ?? null,
    maskedCardNumber: card?.maskedNumber ?? null,
    expirationMonth: card?.expirationMonth ?? null,
    expirationYear: card?.expirationYear ?? null,
  };
}
