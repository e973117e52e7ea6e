/** Level 3 (enhanced) data, added after the fact to an approved, unsettled Visa or Mastercard sale or capture. */
import { existingCardTransaction } from './card-payments.js';
import { type CardBrand, redactCardNumbers } from './cards.js';
import { ERROR, ErrorBag, PayTraceError } from './errors.js';
import { type Body, readId } from './request-fields.js';
import { updateTransaction } from './transactions.store.js';
import type { Work } from './work.js';

export async function addLevelThree(work: Work, body: Body, brand: Extract<CardBrand, 'VISA' | 'MASTERCARD'>) {
  const bag = new ErrorBag();
  const id = readId(body, 'transaction_id', bag);
  bag.throwIfAny();
  const t = await existingCardTransaction(work, id);
  const eligible = t.kind === 'sale' || (t.kind === 'authorization' && t.capturedAt);
  if (!eligible || !t.approved || t.voidedAt || t.settledAt || t.cardBrand !== brand) throw PayTraceError.of(ERROR.levelThreeNotAllowed);
  const { transaction_id: _id, integrator_id: _integrator, ...data } = body;
  await updateTransaction(work, id, { levelThree: JSON.parse(redactCardNumbers(JSON.stringify(data))) });
  const lineItems = Array.isArray(body.line_items) ? body.line_items.length : 0;
  return {
    success: true,
    response_code: 170,
    status_message: `Visa/MasterCard enhanced data was successfully added to Transaction ID ${id}. ${lineItems} line item records were created.`,
  };
}
