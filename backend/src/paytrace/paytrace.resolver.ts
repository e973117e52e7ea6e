import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { RequireRole } from '../auth/decorators.js';
import { PayTraceConnectionsService } from '../connections/paytrace/paytrace-connections.service.js';
import { AuditService } from '../monitoring/audit/audit.service.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { withDeadline } from '../platform/deadline.js';
import { InvalidInput } from '../platform/errors.js';
import { keysetQuery, readPage, toConnection } from '../platform/graphql/pagination.js';
import { parseInput } from '../platform/validation.js';
import type { AnyOutcome } from './client/outcome.js';
import { ChangeFeedJobs } from './change-feed/change-feed.jobs.js';
import { connectionTestVerdict } from './connection-test.js';
import { PayTraceClients } from './paytrace-clients.service.js';
import { PayTracePayments } from './payments/paytrace-payments.service.js';
import {
  ChargeVaultCustomerInput,
  ConnectionTestResult,
  PaymentResultView,
  TransactionChange,
  TransactionChangeArgs,
  TransactionChangeConnection,
} from './paytrace.types.js';

/** A test must answer within this, whatever PayTrace does. */
const TEST_DEADLINE_MS = 10_000;
const MAX_BACKFILL_DAYS = 366;

const chargeRules = z.object({
  customerId: z.string().trim().min(1, 'is required').max(50),
  amountMinor: z.number().int('must be whole cents').min(1, 'must be at least 1').max(99_999_999, 'must be at most 99,999,999'),
  invoiceId: z.string().trim().max(50).optional().nullable().transform((v) => v || undefined),
  description: z.string().trim().max(255).optional().nullable().transform((v) => v || undefined),
});

@Resolver()
export class PayTraceResolver {
  constructor(
    private readonly connections: PayTraceConnectionsService,
    private readonly clients: PayTraceClients,
    private readonly jobs: ChangeFeedJobs,
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly payments: PayTracePayments,
  ) {}

  @RequireRole('operator')
  @Mutation(() => PaymentResultView, { description: 'Charges a PayTrace vault customer; the transaction change is recorded at once.' })
  async chargePayTraceCustomer(
    @Args('connectionId', { type: () => ID }) connectionId: string,
    @Args('input') input: ChargeVaultCustomerInput,
  ): Promise<PaymentResultView> {
    const charge = parseInput(chargeRules, input);
    await this.connections.get(connectionId);
    const result = await this.payments.chargeVaultCustomer(connectionId, charge);
    await this.audit.record({
      action: 'payment.charged',
      targetType: 'paytrace_connection',
      targetId: connectionId,
      details: { status: result.status, transactionId: result.transactionId, amountMinor: charge.amountMinor, invoiceId: charge.invoiceId },
    });
    return { ...result, transactionId: result.transactionId === null ? null : String(result.transactionId) };
  }

  @RequireRole('operator')
  @Mutation(() => ConnectionTestResult, { description: 'Logs in to PayTrace and makes a harmless call; answers within 10 s.' })
  async testPayTraceConnection(@Args('id', { type: () => ID }) id: string): Promise<ConnectionTestResult> {
    const credentials = await this.connections.credentialsForTest(id);
    const started = Date.now();
    const today = new Date();
    const call = this.clients.forConnection(credentials).exportTransactionsByDateRange({ startDate: today, endDate: today });
    const outcome = await withDeadline<AnyOutcome>(call, TEST_DEADLINE_MS, { kind: 'TransientError', reason: 'timeout', detail: 'no answer within 10 s', maybeProcessed: false });
    const verdict = connectionTestVerdict(outcome);
    await this.connections.recordTestResult(id, verdict.status);
    await this.audit.record({ action: 'connection.tested', targetType: 'paytrace_connection', targetId: id, details: { status: verdict.status } });
    return { ...verdict, durationMs: Date.now() - started, testedAt: new Date() };
  }

  @RequireRole('operator')
  @Mutation(() => Boolean, { description: 'Polls the change feed now instead of at the next interval.' })
  async pollPayTraceConnection(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    await this.connections.get(id);
    await this.jobs.pollNow(tenantId(), id);
    return true;
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, { description: `Reads a past date range (at most ${MAX_BACKFILL_DAYS} days) through the change feed.` })
  async backfillPayTraceConnection(
    @Args('id', { type: () => ID }) id: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
  ): Promise<boolean> {
    parseInput(z.date(), from, 'from');
    parseInput(z.date(), to, 'to');
    if (to < from) throw new InvalidInput('to', 'must not be before from');
    if (to.getTime() - from.getTime() > MAX_BACKFILL_DAYS * 86_400_000) throw new InvalidInput('to', `must be within ${MAX_BACKFILL_DAYS} days of from`);
    await this.connections.get(id);
    await this.jobs.backfill(tenantId(), id, from, to);
    return true;
  }

  @RequireRole('viewer')
  @Query(() => TransactionChangeConnection, { description: 'Transaction changes, newest first.' })
  async transactionChanges(@Args() args: TransactionChangeArgs) {
    const page = readPage(args);
    if (args.connectionId) parseInput(z.uuid(), args.connectionId, 'connectionId');
    const query = keysetQuery(page);
    const rows = await this.prisma.inTenant((tx) =>
      tx.transactionChange.findMany({ ...query, where: { ...query.where, ...(args.connectionId ? { connectionId: args.connectionId } : {}) } }),
    );
    return toConnection(rows, page, toTransactionChange);
  }
}

function toTransactionChange(row: { id: string; connectionId: string; transactionId: bigint; state: string; kind: string; amountMinor: bigint; currency: string; occurredAt: Date; source: string; createdAt: Date }): TransactionChange {
  return { ...row, transactionId: row.transactionId.toString(), amountMinor: Number(row.amountMinor) };
}

const tenantId = () => TenantContext.actor().tenantId!;
