import { Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { Kysely } from 'kysely';
import { PayTraceConnectionsService } from '../connections/paytrace/paytrace-connections.service.js';
import { SageProConnectionsService } from '../connections/sagepro/sagepro-connections.service.js';
import { Prisma } from '../generated/prisma/client.js';
import { AlertsService } from '../monitoring/alerts/alerts.service.js';
import { AuditService } from '../monitoring/audit/audit.service.js';
import type { FailureOutcome } from '../paytrace/client/outcome.js';
import { PayTraceClients } from '../paytrace/paytrace-clients.service.js';
import { PublishedFlows } from '../flows/api/published-flows.service.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { InvalidInput, NotFound } from '../platform/errors.js';
import type { FlowDefinition } from '../flows/definition/flow-definition.js';
import type { SageProDatabase } from '../sagepro/database.js';
import { KyselySageProCompany } from '../sagepro/kysely-company.js';
import type { Explanation, PayTraceTransaction, ReconciliationItem, SageReceiptLine } from './matching/records.js';
import { reconcile } from './matching/reconcile.js';
import { reportTotals } from './matching/report-totals.js';
import { payTraceTransaction } from './readers/paytrace-rows.js';
import { cardAccounts } from './readers/card-accounts.js';
import { sageReceiptLine } from './readers/sage-lines.js';
import { addDays } from '../pipeline/workflows/posting-rules.js';
import { dayOf } from './matching/days.js';
import { checkRange } from './reconciliation-range.js';

/** Items per INSERT: a report of 100,000 items is 50 statements, never one giant one. */
const ITEMS_PER_INSERT = 2_000;
/** PayTrace's settled money is in US dollars (its merchants are US merchants). */
const PAYTRACE_CURRENCY = 'USD';

export interface RunReconciliation {
  integrationId: string;
  from: string;
  to: string;
}

/**
 * Runs a reconciliation of one integration pair over a range of the tenant's days: reads PayTrace's
 * export and Sage Pro's receipt lines, lets the rules classify every item (matching/), and stores the
 * report with its items and totals in one transaction, audited. Reading is where the time goes;
 * the rules are plain functions (see README.md for what a million items takes and what must change).
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly payTraceConnections: PayTraceConnectionsService,
    private readonly payTraceClients: PayTraceClients,
    private readonly sagePro: SageProConnectionsService,
    private readonly audit: AuditService,
    private readonly alerts: AlertsService,
    private readonly flows: PublishedFlows,
  ) {}

  async run({ integrationId, from, to }: RunReconciliation) {
    checkRange(from, to);
    const startedAt = new Date();
    const integration = await this.prisma.inTenant((tx) => tx.integration.findUnique({ where: { id: integrationId } }));
    if (!integration) throw new NotFound('Integration');
    if (!integration.payTraceConnectionId) throw new InvalidInput('integrationId', 'connects no PayTrace account: there is nothing to reconcile');
    const transactions = await this.readPayTrace(integration.payTraceConnectionId, from, to);
    const flow = await this.flows.deployed(integration.tenantId, integration.environment, 'payment_sync');
    const { lines, cardAccounts } = await this.readSagePro(integration.sageProConnectionId, from, to, flow?.definition);
    const items = reconcile({ transactions, lines, explanations: await this.explanations() });
    const report = await this.store({ integrationId, environment: integration.environment, from, to, startedAt }, items, cardAccounts);
    if (report.unexplained > 0) await this.alerts.raise(report.tenantId, differencesSignal(integration.name, report));
    return report;
  }

  private async readPayTrace(connectionId: string, from: string, to: string): Promise<PayTraceTransaction[]> {
    const credentials = await this.payTraceConnections.credentials(connectionId);
    // A day either side: PayTrace's days are the merchant's, the report's the tenant's.
    const outcome = await this.payTraceClients.forConnection(credentials).exportTransactionsByDateRange({ startDate: addDays(from, -1), endDate: addDays(to, 1) });
    if (outcome.kind !== 'Ok') throw new GraphQLError(`PayTrace did not give the export (${failureText(outcome)}); nothing was reconciled`, { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    const context = { currency: PAYTRACE_CURRENCY, timeZone: credentials.timeZone };
    return outcome.value.flatMap((row) => payTraceTransaction(row, context) ?? []).filter((t) => t.date >= from && t.date <= to);
  }

  private async readSagePro(connectionId: string, from: string, to: string, flow: FlowDefinition | undefined): Promise<{ lines: SageReceiptLine[]; cardAccounts: string[] }> {
    const target = await this.sagePro.open(connectionId);
    try {
      const company = new KyselySageProCompany(target.db as Kysely<SageProDatabase>, target.options);
      const card = cardAccounts(target.options.gl.cash, flow);
      const lines: SageReceiptLine[] = [];
      // Current receipts and those a period close moved to history: both are what Sage Pro recorded.
      for (const table of ['arcash', 'arycsh'] as const) {
        for (let afterId: number | undefined, more = true; more; ) {
          const page = await company.readReceiptLines({ table, from, to, afterId });
          for (const line of page.lines) lines.push(sageReceiptLine(line, card));
          more = page.nextAfterId !== null;
          afterId = page.nextAfterId ?? undefined;
        }
      }
      return { lines, cardAccounts: [...card] };
    } finally {
      await target.release();
    }
  }

  /** Payments a person dismissed in review: their differences are explained, in the reviewer's words. */
  private async explanations(): Promise<Explanation[]> {
    const rows = await this.prisma.inTenant((tx) =>
      tx.$queryRaw<{ payment_key: string; resolution: string | null }[]>`
        SELECT e.payment_key, r.resolution FROM manual_reviews r JOIN inbox_events e ON e.id = r.event_id
        WHERE r.resolved_at IS NOT NULL AND r.decision->>'action' = 'dismiss' AND e.payment_key LIKE 'pt:%'`,
    );
    return rows.map((row) => ({ transactionId: row.payment_key.slice(3), sentence: `Dismissed in review${row.resolution ? `: ${row.resolution}` : ''}` }));
  }

  private async store(run: { integrationId: string; environment: 'dev' | 'qa' | 'prod'; from: string; to: string; startedAt: Date }, items: ReconciliationItem[], cardAccounts: string[]) {
    const { tenantId, userId } = TenantContext.actor();
    const { totals, unexplained } = reportTotals(items);
    return this.prisma.inTenant(async (tx) => {
      const report = await tx.reconciliationReport.create({
        data: {
          tenantId: tenantId!,
          integrationId: run.integrationId,
          environment: run.environment,
          rangeFrom: new Date(`${run.from}T00:00:00Z`),
          rangeTo: new Date(`${run.to}T00:00:00Z`),
          startedBy: userId ?? null,
          startedAt: run.startedAt,
          itemCount: items.length,
          unexplained,
          totals: totals as unknown as Prisma.InputJsonValue,
        },
      });
      for (let at = 0; at < items.length; at += ITEMS_PER_INSERT) {
        await tx.reconciliationItem.createMany({ data: items.slice(at, at + ITEMS_PER_INSERT).map((item, i) => itemRow(report.id, tenantId!, at + i, item)) });
      }
      await this.audit.record({ action: 'reconciliation.ran', targetType: 'reconciliation_report', targetId: report.id, details: { integrationId: run.integrationId, from: run.from, to: run.to, items: items.length, unexplained, cardAccounts } }, tx);
      return report;
    });
  }
}

/** One alert per pair until it is delivered: the latest run's count, the report to open. */
function differencesSignal(pair: string, report: { id: string; integrationId: string; unexplained: number; rangeFrom: Date; rangeTo: Date }) {
  const many = report.unexplained === 1 ? 'difference needs' : 'differences need';
  return {
    kind: 'reconciliation_difference' as const,
    groupKey: `reconciliation:${report.integrationId}`,
    summary: `Reconciling ${pair} for ${dayOf(report.rangeFrom)} – ${dayOf(report.rangeTo)}: ${report.unexplained} ${many} a look (report ${report.id})`,
    sample: { detail: `report ${report.id}` },
  };
}

function failureText(outcome: FailureOutcome): string {
  if ('messages' in outcome && Array.isArray(outcome.messages) && outcome.messages.length) return outcome.messages.join('; ');
  if ('detail' in outcome && outcome.detail) return outcome.detail;
  return outcome.kind;
}

function itemRow(reportId: string, tenantId: string, position: number, item: ReconciliationItem): Prisma.ReconciliationItemCreateManyInput {
  return {
    reportId,
    position,
    tenantId,
    category: item.category,
    transactionId: item.transactionId ?? null,
    reference: item.reference ?? null,
    paytraceMinor: item.paytraceMinor === undefined ? null : BigInt(item.paytraceMinor),
    sageMinor: item.sageMinor === undefined ? null : BigInt(item.sageMinor),
    currency: item.currency,
    sentence: item.sentence,
    records: item.records as unknown as Prisma.InputJsonValue,
    fix: item.fix ?? null,
    explains: item.explains ?? null,
  };
}
