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

  /** The latest receipt for the original payment (by transaction id) or, failing that, for the document. */
  async receiptFor(sageProConnectionId: string, originalTransactionId: string | undefined, documentNumber: string | null): Promise<ReceiptFact | null> {
    const key = originalTransactionId ? paymentKey(originalTransactionId) : null;
    if (!key && !documentNumber) return null;
    const rows = await this.prisma.inTenant((tx) =>
      tx.$queryRaw<{ reference: string; invno: string | null; sono: string | null; custno: string | null; amount_minor: bigint | null }[]>`
        SELECT e.reference, e.invno, e.sono, e.custno, e.amount_minor FROM sync_effects e JOIN inbox_events i ON i.id = e.event_id
        WHERE e.sagepro_connection_id = ${sageProConnectionId}::uuid AND e.kind IN ('receipt', 'payment_on_account')
          AND (e.payment_key = ${key} OR (${key}::text IS NULL AND i.document_number = ${documentNumber}))
        ORDER BY e.created_at DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? { reference: row.reference, invno: row.invno, sono: row.sono, custno: row.custno, amountMinor: Number(row.amount_minor ?? 0) } : null;
  }

  /** An approved sale for the payment (or document) is in the inbox and not finished yet. */
  async saleOutstanding(originalTransactionId: string | undefined, documentNumber: string | null): Promise<boolean> {
    const key = originalTransactionId ? paymentKey(originalTransactionId) : null;
    if (!key && !documentNumber) return false;
    const count = await this.prisma.inTenant((tx) =>
      tx.inboxEvent.count({
        where: {
          type: 'payment.approved',
          state: { in: ['queued', 'processing', 'waiting'] },
          ...(key ? { paymentKey: key } : { documentNumber }),
        },
      }),
    );
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
