export const REASON_LABELS: Record<string, string> = {
  invoice_not_found: 'No open invoice matches',
  potential_overpayment: 'More than the invoice balance',
  original_payment_not_found: 'Original payment not found',
  ambiguous_original: 'Refund matches no single receipt exactly',
  held_by_flow: 'Held by a filter of its flow',
};

export interface Payer { number?: string; email?: string; company?: string }

/** Who paid, as far as the source said (the review's event's normalised JSON, `customer`), or null. */
export function payerOf(review: Record<string, any>): Payer | null {
  try {
    const customer = (JSON.parse(review.event?.event ?? 'null') as { customer?: Payer } | null)?.customer;
    return customer && (customer.number || customer.email || customer.company) ? customer : null;
  } catch {
    return null;
  }
}

export const payerText = (payer: Payer | null) =>
  payer ? [payer.number, payer.company, payer.email].filter(Boolean).join(' · ') : '—';
