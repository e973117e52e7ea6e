import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { paymentKey } from '../events/settle-event.js';
import type { ReceiptFact } from '../workflows/payment-decisions.js';

/**
 * What Settle's own records say, for the decisions: the receipt a reversal takes back, whether a sale
 * is still on its way, the sales order order-to-cash created, an invoice Settle already paid. Runs in
 * the current tenant context.
 */
@Injectable()
export class SettleFacts {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The receipts a reversal may take money back from: the original payment's (by transaction id) or,
   * with no original named, every receipt of the document; each with what earlier reversals (other
   * than `ownReference`, this event's own) took back from it. Newest first.
   */
  async receiptsFor(sageProConnectionId: string, original: string | undefined, documentNumber: string | null, ownReference: string): Promise<ReceiptFact[]> {
    const key = original ? paymentKey(original) : null;
    if (!key && !documentNumber) return [];
    const rows = await this.prisma.inTenant((tx) =>
      tx.$queryRaw<{ reference: string; invno: string | null; sono: string | null; custno: string | null; amount_minor: bigint | null; reversed_minor: bigint; conversion: ReceiptFact['conversion'] | null }[]>`
        SELECT e.reference, e.invno, e.sono, e.custno, e.amount_minor, e.records -> 'conversion' AS conversion,
          coalesce((SELECT sum(-r.amount_minor) FROM sync_effects r
                    WHERE r.sagepro_connection_id = e.sagepro_connection_id AND r.kind = 'reversal' AND r.reverses = e.reference AND r.reference <> ${ownReference}), 0)::bigint AS reversed_minor
        FROM sync_effects e JOIN inbox_events i ON i.id = e.event_id
        WHERE e.sagepro_connection_id = ${sageProConnectionId}::uuid AND e.kind IN ('receipt', 'payment_on_account')
          AND (e.payment_key = ${key} OR (${key}::text IS NULL AND upper(trim(i.document_number)) = ${documentNumber}))
        ORDER BY e.created_at DESC`,
    );
    const receipts = rows.map((row) => ({
      reference: row.reference,
      invno: row.invno,
      sono: row.sono,
      custno: row.custno,
      amountMinor: Number(row.amount_minor ?? 0),
      reversedMinor: Number(row.reversed_minor),
      ...(row.conversion ? { conversion: { currency: row.conversion.currency, rate: row.conversion.rate, ...(row.conversion.exact ? { exact: row.conversion.exact } : {}) } } : {}),
    }));
    return key ? receipts.slice(0, 1) : receipts;
  }

  /**
   * The states of the sale events (approved) of the payment or, when no original is named, of the
   * document's sales of at least `atLeastMinor` (a refund or chargeback never exceeds its sale, so a
   * smaller sale cannot be the one it belongs to).
   */
  async saleStates(original: string | undefined, documentNumber: string | null, atLeastMinor = 0): Promise<string[]> {
    const key = original ? paymentKey(original) : null;
    if (!key && !documentNumber) return [];
    const rows = await this.prisma.inTenant((tx) =>
      tx.$queryRaw<{ state: string }[]>`
        SELECT state::text AS state FROM inbox_events
        WHERE type = 'payment.approved'
          AND (payment_key = ${key} OR (${key}::text IS NULL AND upper(trim(document_number)) = ${documentNumber} AND amount_minor >= ${atLeastMinor}))`,
    );
    return rows.map((row) => row.state);
  }

  /** PayTrace voided the transaction: a void of it is in the inbox, whatever became of it. */
  async voidKnown(transactionId: string): Promise<boolean> {
    const count = await this.prisma.inTenant((tx) => tx.inboxEvent.count({ where: { type: 'payment.voided', paymentKey: paymentKey(transactionId) } }));
    return count > 0;
  }

  /** The open sales order Settle created for a shop order named `documentNumber`. */
  async settleOrderFor(sageProConnectionId: string, documentNumber: string): Promise<{ sono: string; custno: string } | null> {
    const rows = await this.prisma.inTenant((tx) =>
      tx.$queryRaw<{ sono: string; custno: string }[]>`
        SELECT e.sono, e.custno FROM sync_effects e JOIN inbox_events i ON i.id = e.event_id
        WHERE e.sagepro_connection_id = ${sageProConnectionId}::uuid AND e.kind = 'sales_order' AND upper(i.document_number) = upper(${documentNumber})
        ORDER BY e.created_at DESC LIMIT 1`,
    );
    return rows[0] ?? null;
  }

  /** The invoice the document names, when Settle already applied a receipt to it. */
  async paidInvoice(sageProConnectionId: string, documentNumber: string): Promise<string | null> {
    const effect = await this.prisma.inTenant((tx) =>
      tx.syncEffect.findFirst({ where: { sageProConnectionId, kind: 'receipt', invno: documentNumber }, select: { invno: true } }),
    );
    return effect?.invno ?? null;
  }
}
