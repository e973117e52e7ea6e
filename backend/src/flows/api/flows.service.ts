import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Prisma, type Flow as FlowRow, type FlowVersion as VersionRow } from '../../generated/prisma/client.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { withoutNulCharacters } from '../../platform/database/storable-json.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { Conflict, InvalidInput, NotFound } from '../../platform/errors.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import { defaultFlowDefinition } from '../definition/default-flows.js';
import { checkFlowDefinition, type FlowProblem } from '../definition/flow-checks.js';
import { FLOW_KINDS, type FlowDefinition, type FlowKind } from '../definition/flow-definition.js';
import { diffDefinitions, type FlowChange } from '../definition/version-diff.js';
import { readDraft } from './draft-rules.js';
import { FlowCharts } from './flow-charts.service.js';
import { FlowProblemsRefused } from './flow-errors.js';

const uuid = z.uuid();
const revision = z.number().int().min(1);
const comment = z.string().trim().max(500, 'must be at most 500 characters');

export const FLOW_NAMES: Record<FlowKind, string> = { payment_sync: 'Payment sync', order_to_cash: 'Order to cash' };

export interface DraftView {
  flowId: string;
  definition: unknown;
  revision: number;
  problems: FlowProblem[];
  updatedBy: string | null;
  updatedAt: Date;
}

/** A tenant's flows, their drafts and their published versions. */
@Injectable()
export class FlowsService {
  /** Tenants whose flows exist (they are never deleted but with the tenant): no look-up per read. */
  private readonly ensured = new Set<string>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly charts: FlowCharts,
  ) {}

  async list(): Promise<FlowRow[]> {
    await this.ensureDefaults();
    return this.prisma.inTenant((tx) => tx.flow.findMany({ orderBy: { kind: 'asc' } }));
  }

  async get(id: string): Promise<FlowRow> {
    parseInput(uuid, id, 'id');
    await this.ensureDefaults();
    const row = await this.prisma.inTenant((tx) => tx.flow.findUnique({ where: { id } }));
    if (!row) throw new NotFound('Flow');
    return row;
  }

  async draft(flowId: string): Promise<DraftView> {
    const row = await this.prisma.inTenant((tx) => tx.flowDraft.findUnique({ where: { flowId } }));
    if (!row) throw new NotFound('Flow');
    return draftView(row);
  }

  /**
   * Stores the draft if it is still at `basedOn` (optimistic concurrency: an older revision is a
   * CONFLICT, nothing stored). Its content may be incomplete; the answer lists its problems.
   */
  async saveDraft(flowId: string, definition: unknown, basedOn: number): Promise<DraftView> {
    const flow = await this.get(flowId);
    parseInput(revision, basedOn, 'revision');
    const reading = readDraft(definition, flow.kind);
    if (!reading.ok) throw new InvalidInput(reading.field, reading.message);
    const stored = withoutNulCharacters(reading.draft) as Prisma.InputJsonValue;
    return this.prisma.inTenant(async (tx) => {
      const row = await this.replaceDraft(tx, flowId, stored, basedOn);
      await this.audit.record({ action: 'flow.draft_saved', targetType: 'flow', targetId: flowId, details: { kind: flow.kind, revision: row.revision } }, tx);
      return draftView(row);
    });
  }

  /** Back to the latest published version (the built-in default when there is none). */
  async discardDraft(flowId: string, basedOn?: number | null): Promise<DraftView> {
    const flow = await this.get(flowId);
    if (basedOn !== undefined && basedOn !== null) parseInput(revision, basedOn, 'revision');
    return this.prisma.inTenant(async (tx) => {
      const latest = await tx.flowVersion.findFirst({ where: { flowId }, orderBy: { number: 'desc' } });
      const definition = (latest?.definition ?? defaultFlowDefinition(flow.kind)) as Prisma.InputJsonValue;
      const row = await this.replaceDraft(tx, flowId, definition, basedOn ?? undefined);
      const details = { kind: flow.kind, revision: row.revision, resetTo: latest?.number ?? 0 };
      await this.audit.record({ action: 'flow.draft_discarded', targetType: 'flow', targetId: flowId, details }, tx);
      return draftView(row);
    });
  }

  /**
   * The draft at `basedOn`, checked (GL accounts against the company charts of the first environment
   * it can go to), becomes the next numbered version. The draft row is locked meanwhile, so two
   * publishes of one flow take turns and get distinct numbers; the unique (flow, number) backs that.
   */
  async publish(flowId: string, note: string | null | undefined, basedOn: number): Promise<VersionRow> {
    const flow = await this.get(flowId);
    parseInput(revision, basedOn, 'revision');
    const text = parseInput(comment, note ?? '', 'comment');
    const draft = await this.draft(flowId);
    if (draft.revision !== basedOn) throw staleDraft(flowId, basedOn, draft.revision);
    // Read before the transaction: it may connect to Sage Pro. The revision check below makes sure
    // the draft checked is the draft published.
    const chart = await this.charts.accountsFor(await this.charts.firstEnvironmentWithPairs(), draft.definition);
    const check = checkFlowDefinition(draft.definition, { chart });
    if (!check.ok) throw new FlowProblemsRefused('definition', 'the draft cannot be published', check.problems);
    try {
      return await this.prisma.inTenant(async (tx) => {
        const [locked] = await tx.$queryRaw<{ revision: number }[]>`SELECT revision FROM flow_drafts WHERE flow_id = ${flowId}::uuid FOR UPDATE`;
        if (!locked || locked.revision !== basedOn) throw staleDraft(flowId, basedOn, locked?.revision);
        const last = await tx.flowVersion.aggregate({ where: { flowId }, _max: { number: true } });
        const number = (last._max.number ?? 0) + 1;
        const version = await tx.flowVersion.create({
          data: {
            tenantId: flow.tenantId,
            flowId,
            number,
            definition: check.definition as Prisma.InputJsonValue,
            comment: text,
            authorId: TenantContext.actor().userId ?? null,
          },
        });
        await this.audit.record({ action: 'flow.version_published', targetType: 'flow_version', targetId: version.id, details: { flowId, kind: flow.kind, number, comment: text } }, tx);
        return version;
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new Conflict(flowId, 'another version of this flow was published at the same moment; reload and publish again', 'revision');
      }
      throw error;
    }
  }

  async versions(flowId: string, page: Page): Promise<Connection<VersionRow>> {
    await this.get(flowId);
    const query = keysetQuery(page);
    const rows = await this.prisma.inTenant((tx) => tx.flowVersion.findMany({ ...query, where: { AND: [query.where, { flowId }] } }));
    return toConnection(rows, page);
  }

  async version(id: string, field = 'id'): Promise<VersionRow> {
    parseInput(uuid, id, field);
    const row = await this.prisma.inTenant((tx) => tx.flowVersion.findUnique({ where: { id } }));
    if (!row) throw new NotFound('Flow version');
    return row;
  }

  /** Field by field, from one version to another of the same flow, or to that flow's draft. */
  async diff(fromVersionId: string, toVersionId?: string | null): Promise<FlowChange[]> {
    const from = await this.version(fromVersionId, 'fromVersionId');
    let to: unknown;
    if (toVersionId) {
      const other = await this.version(toVersionId, 'toVersionId');
      if (other.flowId !== from.flowId) throw new InvalidInput('toVersionId', 'is a version of another flow');
      to = other.definition;
    } else {
      to = (await this.draft(from.flowId)).definition;
    }
    return diffDefinitions(from.definition as FlowDefinition, to as FlowDefinition);
  }

  /**
   * Each kind's flow, with the built-in default as its draft, made on first read. Idempotent under
   * concurrency (ON CONFLICT DO NOTHING on (tenant, kind)); done with write access even for a
   * viewer's read, as the platform's own bookkeeping. Committed at once, not with the query's shared
   * transaction: once `ensured` remembers the tenant, another request must already see its flows.
   */
  private async ensureDefaults(): Promise<void> {
    const tenantId = TenantContext.actor().tenantId;
    if (!tenantId || this.ensured.has(tenantId)) return;
    await this.prisma.inScope({ tenantId, access: 'write' }, async (tx) => {
      if ((await tx.flow.count()) >= FLOW_KINDS.length) return;
      for (const kind of FLOW_KINDS) {
        const made = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO flows (tenant_id, kind, name) VALUES (${tenantId}::uuid, ${kind}::flow_kind, ${FLOW_NAMES[kind]})
          ON CONFLICT (tenant_id, kind) DO NOTHING RETURNING id`;
        if (!made.length) continue;
        await tx.$executeRaw`
          INSERT INTO flow_drafts (flow_id, tenant_id, definition) VALUES (${made[0].id}::uuid, ${tenantId}::uuid, ${JSON.stringify(defaultFlowDefinition(kind))}::jsonb)
          ON CONFLICT (flow_id) DO NOTHING`;
      }
    }, { committedAtOnce: true });
    this.ensured.add(tenantId);
  }

  /** The draft replaced and its revision raised by one, if it is still at `basedOn` (any revision when undefined). */
  private async replaceDraft(tx: Tx, flowId: string, definition: Prisma.InputJsonValue, basedOn: number | undefined) {
    const updated = await tx.flowDraft.updateMany({
      where: { flowId, ...(basedOn === undefined ? {} : { revision: basedOn }) },
      data: { definition, revision: { increment: 1 }, updatedBy: TenantContext.actor().userId ?? null, updatedAt: new Date() },
    });
    const row = await tx.flowDraft.findUnique({ where: { flowId } });
    if (!row) throw new NotFound('Flow');
    if (updated.count !== 1) throw staleDraft(flowId, basedOn!, row.revision);
    return row;
  }
}

function draftView(row: { flowId: string; definition: unknown; revision: number; updatedBy: string | null; updatedAt: Date }): DraftView {
  const check = checkFlowDefinition(row.definition);
  return { flowId: row.flowId, definition: row.definition, revision: row.revision, problems: check.ok ? [] : check.problems, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}

function staleDraft(flowId: string, basedOn: number, current: number | undefined): Conflict {
  return new Conflict(flowId, `the draft is at revision ${current ?? '?'}, not ${basedOn}: someone saved it since; reload it and apply your change again`, 'revision');
}
