import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { ReconciliationItem as ItemRow, ReconciliationReport as ReportRow } from '../generated/prisma/client.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { NotFound } from '../platform/errors.js';
import { type PageArgs, readPage, toConnection } from '../platform/graphql/pagination.js';
import { parseInput } from '../platform/validation.js';
import { dayOf } from './matching/days.js';
import { CATEGORIES } from './matching/records.js';
import type { CategoryTotal } from './matching/report-totals.js';
import type { ReconciliationItem, ReconciliationItemsArgs, ReconciliationReport } from './reconciliation.types.js';

const itemsArgs = z.object({
  first: z.number().int().min(1).max(100).default(50),
  after: z.string().regex(/^\d{1,9}$/, 'must be the endCursor of the previous page').optional().nullable(),
  category: z.enum(CATEGORIES).optional().nullable(),
});

/** Stored reports as the API shows them (read only: a report never changes once written). */
@Injectable()
export class ReconciliationReports {
  constructor(private readonly prisma: PrismaService) {}

  async get(id: string): Promise<ReconciliationReport> {
    const row = await this.prisma.inTenant((tx) => tx.reconciliationReport.findUnique({ where: { id } }));
    if (!row) throw new NotFound('Reconciliation report');
    return reportView(row);
  }

  /** Newest first: keyset on (finishedAt, id), the cursor's createdAt being the finish. */
  async list(args: PageArgs) {
    const page = readPage(args);
    const after = page.after;
    const rows = await this.prisma.inTenant((tx) =>
      tx.reconciliationReport.findMany({
        where: after ? { OR: [{ finishedAt: { lt: after.createdAt } }, { finishedAt: after.createdAt, id: { lt: after.id } }] } : {},
        orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
        take: page.first + 1,
      }),
    );
    return toConnection(rows.map((row) => ({ ...row, createdAt: row.finishedAt })), page, reportView);
  }

  async items(reportId: string, args: ReconciliationItemsArgs) {
    const { first, after, category } = parseInput(itemsArgs, args);
    await this.get(reportId); // NotFound for another tenant's report, as for a missing one
    const rows = await this.prisma.inTenant((tx) =>
      tx.reconciliationItem.findMany({
        where: { reportId, ...(category ? { category } : {}), ...(after ? { position: { gt: Number(after) } } : {}) },
        orderBy: { position: 'asc' },
        take: first + 1,
      }),
    );
    const nodes = rows.slice(0, first).map(itemView);
    return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: nodes.length ? String(nodes[nodes.length - 1].position) : null } };
  }
}

function reportView(row: ReportRow): ReconciliationReport {
  const totals = row.totals as unknown as CategoryTotal[];
  return {
    id: row.id,
    integrationId: row.integrationId,
    environment: row.environment,
    from: dayOf(row.rangeFrom),
    to: dayOf(row.rangeTo),
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    itemCount: row.itemCount,
    unexplained: row.unexplained,
    totals: totals.map((t) => ({ ...t, paytraceMinor: String(t.paytraceMinor), sageMinor: String(t.sageMinor) })),
  };
}

function itemView(row: ItemRow): ReconciliationItem {
  return {
    position: row.position,
    category: row.category,
    sentence: row.sentence,
    transactionId: row.transactionId,
    reference: row.reference,
    paytraceMinor: row.paytraceMinor === null ? null : String(row.paytraceMinor),
    sageMinor: row.sageMinor === null ? null : String(row.sageMinor),
    currency: row.currency,
    records: row.records as unknown as ReconciliationItem['records'],
    fix: row.fix,
    explains: row.explains,
  };
}
