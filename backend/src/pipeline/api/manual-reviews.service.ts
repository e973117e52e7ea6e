import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { NotFound } from '../../platform/errors.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import type { ReviewOverride } from '../processing/event-result.js';
import type { ManualReview, ResolveManualReviewInput } from './pipeline.types.js';
import { SyncEventsService, toSyncEvent } from './sync-events.service.js';

const sageKey = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`).transform((v) => v.toUpperCase());
const resolveInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('match_invoice'), invno: sageKey(10) }),
  z.object({ action: z.literal('post_on_account'), custno: sageKey(6) }),
  z.object({ action: z.literal('dismiss') }),
]);

/**
 * Payments a person places: matched to an invoice or posted on account (the event goes back through
 * the pipeline with that decision, so the write is the same idempotent one), or dismissed.
 */
@Injectable()
export class ManualReviewsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly events: SyncEventsService,
  ) {}

  async list(page: Page, open = true): Promise<Connection<ManualReview>> {
    const query = keysetQuery(page);
    const rows = await this.prisma.inTenant((tx) => tx.manualReview.findMany({ ...query, where: { ...query.where, ...(open ? { resolution: null } : {}) } }));
    const events = await this.prisma.inTenant((tx) => tx.inboxEvent.findMany({ where: { id: { in: rows.map((row) => row.eventId) } } }));
    const byId = new Map(events.map((event) => [event.id, toSyncEvent(event)]));
    return toConnection(rows, page, (row) => ({ ...row, detail: JSON.stringify(row.detail), event: byId.get(row.eventId)! }));
  }

  async resolve(id: string, input: ResolveManualReviewInput): Promise<ManualReview> {
    parseInput(z.uuid(), id, 'id');
    const decision = parseInput(resolveInput, input);
    const review = await this.prisma.inTenant((tx) => tx.manualReview.findFirst({ where: { id, resolution: null } }));
    if (!review) throw new NotFound('Open manual review');
    const resolution = decision.action === 'match_invoice' ? 'matched' : decision.action === 'post_on_account' ? 'on_account' : 'dismissed';
    await this.prisma.inTenant((tx) =>
      tx.manualReview.update({ where: { id }, data: { resolution, resolvedAt: new Date(), resolvedBy: TenantContext.actor().userId ?? null } }),
    );
    if (decision.action === 'dismiss') {
      await this.prisma.inTenant((tx) => tx.inboxEvent.updateMany({ where: { id: review.eventId, state: 'manual_review' }, data: { state: 'ignored', outcome: { ignored: 'dismissed in manual review' } } }));
    } else {
      const override: ReviewOverride = decision.action === 'match_invoice' ? { kind: 'invoice', invno: decision.invno } : { kind: 'on_account', custno: decision.custno };
      await this.events.requeue([review.eventId], ['manual_review'], { override });
    }
    await this.events.recordAudit('manual_review.resolved', review.eventId, { reviewId: id, ...decision });
    const [resolved] = (await this.list({ first: 1, after: { createdAt: new Date(review.createdAt.getTime() + 1), id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' } }, false)).nodes;
    return resolved;
  }
}
