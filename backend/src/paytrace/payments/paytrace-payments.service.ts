import { Injectable } from '@nestjs/common';
import { PayTraceConnectionsService } from '../../connections/paytrace/paytrace-connections.service.js';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import type { CustomerChargeRequest } from '../client/types.js';
import { PayTraceClients } from '../paytrace-clients.service.js';
import { PayTraceAuthAlerts } from '../paytrace-auth-alerts.service.js';
import { type PaymentResult, paymentResult } from './payment-result.js';

/**
 * Payments Settle makes itself (operators now; recurring charges and hosted checkout later). Their
 * transaction change is recorded at once, from PayTrace's own export of the new transaction, so
 * nothing waits for the next poll; the poll later finds the same (transaction, state) and adds nothing.
 */
@Injectable()
export class PayTracePayments {
  constructor(
    private readonly connections: PayTraceConnectionsService,
    private readonly clients: PayTraceClients,
    private readonly feed: ChangeFeedService,
    private readonly authAlerts: PayTraceAuthAlerts,
  ) {}

  async chargeVaultCustomer(connectionId: string, request: CustomerChargeRequest): Promise<PaymentResult & { changeRecorded: boolean }> {
    const credentials = await this.connections.credentials(connectionId);
    const client = this.clients.forConnection(credentials);
    const outcome = await client.saleByCustomer(request);
    await this.authAlerts.check(credentials.tenantId, connectionId, outcome, 'charge');
    const result = paymentResult(outcome);
    if (result.transactionId === null) return { ...result, changeRecorded: false };
    const exported = await client.exportTransactionById({ transactionId: result.transactionId });
    if (exported.kind !== 'Ok' || !exported.value) return { ...result, changeRecorded: false };
    await this.feed.recordOwnPayment(connectionId, exported.value);
    return { ...result, changeRecorded: true };
  }
}
