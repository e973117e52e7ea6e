import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { FlowPromotion as PromotionRow, FlowVersion as VersionRow, Integration } from '../../generated/prisma/client.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../../platform/errors.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../../platform/graphql/pagination.js';
import { parseInput } from '../../platform/validation.js';
import { checkFlowDefinition } from '../definition/flow-checks.js';
import { ENVIRONMENTS, type EnvironmentName, type FlowKind } from '../definition/flow-definition.js';
import { FlowCharts } from './flow-charts.service.js';
import { FlowProblemsRefused } from './flow-errors.js';
import { FlowsService } from './flows.service.js';
import { approvalVerdict, type DeploymentRecord, promotionVerdict, rollbackVerdict } from './promotion-rules.js';

const uuid = z.uuid();
const environment = z.enum(ENVIRONMENTS, `must be one of ${ENVIRONMENTS.join(', ')}`);

export interface DeploymentView {
  flowId: string;
  kind: FlowKind;
  environment: EnvironmentName;
  versionId: string | null;
  versionNumber: number;
  deployedBy: string | null;
  deployedAt: Date | null;
}

export interface PromotionView extends PromotionRow {
  versionNumber: number;
}

export interface EnvironmentView {
  name: EnvironmentName;
  integrations: Integration[];
  deployments: DeploymentView[];
}

interface DeploymentRow {
  flow_id: string;
  kind: FlowKind;
  environment: EnvironmentName;
  version_id: string | null;
  number: number | null;
  deployed_by: string | null;
  deployed_at: Date | null;
}

/** Which version each environment runs, and how versions move between them. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly flows: FlowsService,
    private readonly charts: FlowCharts,
  ) {}

  async environments(): Promise<EnvironmentView[]> {
    const deployments = await this.deployments();
    const integrations = await this.prisma.inTenant((tx) => tx.integration.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 100 * ENVIRONMENTS.length }));
    return ENVIRONMENTS.map((name) => ({
      name,
      integrations: integrations.filter((row) => row.environment === name).slice(0, 100),
      deployments: deployments.filter((row) => row.environment === name),
    }));
  }

  /** What every environment runs for each flow (or for one): a row per flow and environment. */
  async deployments(flowId?: string): Promise<DeploymentView[]> {
    if (!flowId) await this.flows.list(); // makes the flows on first read
    const rows = await this.prisma.inTenant((tx) => tx.$queryRaw<DeploymentRow[]>`
      SELECT f.id AS flow_id, f.kind::text AS kind, e.environment::text AS environment, d.version_id, v.number, d.deployed_by, d.deployed_at
        FROM flows f
        CROSS JOIN unnest(enum_range(NULL::deployment_environment)) AS e(environment)
        LEFT JOIN flow_deployments d ON d.flow_id = f.id AND d.environment = e.environment
        LEFT JOIN flow_versions v ON v.id = d.version_id
       WHERE ${flowId ?? null}::uuid IS NULL OR f.id = ${flowId ?? null}::uuid
       ORDER BY f.kind, e.environment`);
    return rows.map(deploymentView);
  }

  /**
   * Deploys a version to an environment when the promotion rules allow it; to prod, when the tenant
   * asks for approval, records a request instead. Deployments of one flow take turns (its row is locked).
   */
  async promote(versionId: string, target: EnvironmentName): Promise<{ deployment: DeploymentView | null; promotion: PromotionView | null }> {
    parseInput(environment, target, 'environment');
    const version = await this.flows.version(versionId, 'versionId');
    const chart = await this.charts.accountsFor(target, version.definition);
    const check = checkFlowDefinition(version.definition, { chart });
    return this.prisma.inTenant(async (tx) => {
      const flow = await this.lockFlow(tx, version.flowId);
      const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: flow.tenantId }, select: { prodPromotionNeedsApproval: true } });
      const current = await tx.flowDeployment.findUnique({ where: { flowId_environment: { flowId: flow.id, environment: target } } });
      const verdict = promotionVerdict({
        versionId: version.id,
        versionNumber: version.number,
        target,
        history: await this.history(tx, flow.id),
        deployedThere: current?.versionId ?? null,
        problems: check.ok ? [] : check.problems,
        prodNeedsApproval: tenant.prodPromotionNeedsApproval,
      });
      if (verdict.kind === 'refused') {
        if (!check.ok) throw new FlowProblemsRefused('versionId', `version ${version.number} cannot be promoted`, check.problems);
        throw new InvalidInput(verdict.field, verdict.message);
      }
      if (verdict.kind === 'already_deployed') return { deployment: await this.deploymentOf(tx, flow.id, target), promotion: null };
      if (verdict.kind === 'request_approval') return { deployment: null, promotion: await this.requestApproval(tx, flow, version, target) };
      const deployment = await this.deploy(tx, flow, target, version, 'promoted');
      return { deployment, promotion: null };
    });
  }

  /** Applies a pending request; only another person than the one who asked may, once. */
  async approve(id: string): Promise<PromotionView> {
    const pending = await this.promotion(id);
    const version = await this.flows.version(pending.versionId);
    const chart = await this.charts.accountsFor(pending.environment, version.definition);
    const check = checkFlowDefinition(version.definition, { chart });
    return this.prisma.inTenant(async (tx) => {
      const flow = await this.lockFlow(tx, pending.flowId);
      const promotion = await this.decide(tx, id, 'approve');
      if (!check.ok) throw new FlowProblemsRefused('id', `version ${version.number} no longer passes the flow checks`, check.problems);
      await this.deploy(tx, flow, promotion.environment, version, 'approved', promotion.id);
      return { ...promotion, versionNumber: version.number };
    });
  }

  /** Turns a pending request down (the one who asked may withdraw it). */
  async reject(id: string): Promise<PromotionView> {
    const pending = await this.promotion(id);
    return this.prisma.inTenant(async (tx) => {
      await this.lockFlow(tx, pending.flowId);
      const promotion = await this.decide(tx, id, 'reject');
      const details = { flowId: promotion.flowId, versionId: promotion.versionId, versionNumber: pending.versionNumber, environment: promotion.environment };
      await this.audit.record({ action: 'flow.promotion_rejected', targetType: 'flow_promotion', targetId: id, details }, tx);
      return { ...promotion, versionNumber: pending.versionNumber };
    });
  }

  /** One action: the environment runs the previous version (or the named earlier one) again. */
  async rollback(flowId: string, target: EnvironmentName, versionId?: string | null): Promise<DeploymentView> {
    parseInput(environment, target, 'environment');
    await this.flows.get(flowId);
    const named = versionId ? await this.flows.version(versionId, 'versionId') : undefined;
    if (named && named.flowId !== flowId) throw new InvalidInput('versionId', 'is a version of another flow');
    return this.prisma.inTenant(async (tx) => {
      const flow = await this.lockFlow(tx, flowId);
      const current = await tx.flowDeployment.findUnique({ where: { flowId_environment: { flowId, environment: target } } });
      const currentVersion = current ? await tx.flowVersion.findUniqueOrThrow({ where: { id: current.versionId } }) : null;
      const verdict = rollbackVerdict({
        environment: target,
        current: currentVersion ? { versionId: currentVersion.id, versionNumber: currentVersion.number } : null,
        history: await this.history(tx, flowId),
        named: named ? { versionId: named.id, versionNumber: named.number } : undefined,
      });
      if (!verdict.ok) throw new InvalidInput(verdict.field, verdict.message);
      const to = verdict.versionId ? await tx.flowVersion.findUniqueOrThrow({ where: { id: verdict.versionId } }) : null;
      if (to) {
        const check = checkFlowDefinition(to.definition);
        if (!check.ok) throw new FlowProblemsRefused('versionId', `version ${to.number} no longer passes the flow checks`, check.problems);
      }
      return this.deploy(tx, flow, target, to, 'rolled_back');
    });
  }

  async promotions(status: PromotionRow['status'] | null | undefined, page: Page): Promise<Connection<PromotionView>> {
    const query = keysetQuery(page);
    return this.prisma.inTenant(async (tx) => {
      const rows = await tx.flowPromotion.findMany({ ...query, where: { AND: [query.where, status ? { status } : {}] } });
      const numbers = await this.versionNumbers(tx, rows.map((row) => row.versionId));
      return toConnection(rows, page, (row) => ({ ...row, versionNumber: numbers.get(row.versionId) ?? 0 }));
    });
  }

  private async promotion(id: string): Promise<PromotionView> {
    parseInput(uuid, id, 'id');
    return this.prisma.inTenant(async (tx) => {
      const row = await tx.flowPromotion.findUnique({ where: { id } });
      if (!row) throw new NotFound('Flow promotion');
      const numbers = await this.versionNumbers(tx, [row.versionId]);
      return { ...row, versionNumber: numbers.get(row.versionId) ?? 0 };
    });
  }

  /** The request decided, if it still waits (a second approver at the same moment gets CONFLICT). */
  private async decide(tx: Tx, id: string, decision: 'approve' | 'reject'): Promise<PromotionRow> {
    const [row] = await tx.$queryRaw<{ status: PromotionRow['status']; requested_by: string | null }[]>`
      SELECT status::text AS status, requested_by FROM flow_promotions WHERE id = ${id}::uuid FOR UPDATE`;
    if (!row) throw new NotFound('Flow promotion');
    const actor = TenantContext.actor();
    const verdict = approvalVerdict({ status: row.status, requestedBy: row.requested_by, approverUserId: actor.userId, decision });
    if (!verdict.ok) throw verdict.kind === 'conflict' ? new Conflict(id, verdict.message) : new Forbidden(verdict.message);
    const decided = await tx.flowPromotion.updateMany({
      where: { id, status: 'pending' },
      data: { status: decision === 'approve' ? 'approved' : 'rejected', decidedBy: actor.userId ?? null, decidedAt: new Date() },
    });
    if (decided.count !== 1) throw new Conflict(id, 'the promotion was decided at the same moment by someone else');
    return tx.flowPromotion.findUniqueOrThrow({ where: { id } });
  }

  private async requestApproval(tx: Tx, flow: { id: string; tenantId: string; kind: FlowKind }, version: VersionRow, target: EnvironmentName): Promise<PromotionView> {
    const waiting = await tx.flowPromotion.findFirst({ where: { flowId: flow.id, environment: target, status: 'pending' } });
    if (waiting) throw new Conflict(waiting.id, `a promotion of this flow to ${target} already waits for approval; approve or reject it first`, 'versionId');
    const actor = TenantContext.actor();
    const promotion = await tx.flowPromotion.create({
      data: { tenantId: flow.tenantId, flowId: flow.id, versionId: version.id, environment: target, requestedBy: actor.userId ?? null, requestedByApiKeyId: actor.apiKeyId ?? null },
    });
    const details = { flowId: flow.id, kind: flow.kind, versionId: version.id, versionNumber: version.number, environment: target };
    await this.audit.record({ action: 'flow.promotion_requested', targetType: 'flow_promotion', targetId: promotion.id, details }, tx);
    return { ...promotion, versionNumber: version.number };
  }

  /** Makes `version` (null: the built-in default) what `target` runs, logged and audited. */
  private async deploy(
    tx: Tx,
    flow: { id: string; tenantId: string; kind: FlowKind },
    target: EnvironmentName,
    version: VersionRow | null,
    action: 'promoted' | 'approved' | 'rolled_back',
    promotionId?: string,
  ): Promise<DeploymentView> {
    const actor = TenantContext.actor();
    const key = { flowId_environment: { flowId: flow.id, environment: target } };
    const previous = await tx.flowDeployment.findUnique({ where: key });
    if (version) {
      const values = { versionId: version.id, deployedBy: actor.userId ?? null, deployedAt: new Date() };
      await tx.flowDeployment.upsert({ where: key, create: { ...values, flowId: flow.id, environment: target, tenantId: flow.tenantId }, update: values });
    } else if (previous) {
      await tx.flowDeployment.delete({ where: key });
    }
    await tx.flowDeploymentLogEntry.create({
      data: {
        tenantId: flow.tenantId,
        flowId: flow.id,
        environment: target,
        versionId: version?.id ?? null,
        previousVersionId: previous?.versionId ?? null,
        action,
        promotionId: promotionId ?? null,
        actorUserId: actor.userId ?? null,
        actorApiKeyId: actor.apiKeyId ?? null,
      },
    });
    const previousNumber = previous ? ((await this.versionNumbers(tx, [previous.versionId])).get(previous.versionId) ?? 0) : 0;
    const details = { flowId: flow.id, kind: flow.kind, environment: target, versionId: version?.id ?? null, versionNumber: version?.number ?? 0, previousVersionNumber: previousNumber };
    const audited = { promoted: 'flow.promoted', approved: 'flow.promotion_approved', rolled_back: 'flow.rolled_back' } as const;
    await this.audit.record({ action: audited[action], targetType: promotionId ? 'flow_promotion' : 'flow', targetId: promotionId ?? flow.id, details }, tx);
    return this.deploymentOf(tx, flow.id, target);
  }

  private async deploymentOf(tx: Tx, flowId: string, target: EnvironmentName): Promise<DeploymentView> {
    const [row] = await tx.$queryRaw<DeploymentRow[]>`
      SELECT f.id AS flow_id, f.kind::text AS kind, ${target}::text AS environment, d.version_id, v.number, d.deployed_by, d.deployed_at
        FROM flows f
        LEFT JOIN flow_deployments d ON d.flow_id = f.id AND d.environment = ${target}::deployment_environment
        LEFT JOIN flow_versions v ON v.id = d.version_id
       WHERE f.id = ${flowId}::uuid`;
    return deploymentView(row);
  }

  /** Every deployment the flow has had, from its log. */
  private async history(tx: Tx, flowId: string): Promise<DeploymentRecord[]> {
    const rows = await tx.$queryRaw<{ environment: EnvironmentName; version_id: string | null; number: number | null }[]>`
      SELECT l.environment::text AS environment, l.version_id, v.number
        FROM flow_deployment_log l LEFT JOIN flow_versions v ON v.id = l.version_id
       WHERE l.flow_id = ${flowId}::uuid`;
    return rows.map((row) => ({ environment: row.environment, versionId: row.version_id, versionNumber: row.number ?? 0 }));
  }

  /** The flow's row, locked until the transaction ends: its deployments change one at a time. */
  private async lockFlow(tx: Tx, flowId: string): Promise<{ id: string; tenantId: string; kind: FlowKind }> {
    const [row] = await tx.$queryRaw<{ id: string; tenant_id: string; kind: FlowKind }[]>`
      SELECT id, tenant_id, kind::text AS kind FROM flows WHERE id = ${flowId}::uuid FOR UPDATE`;
    if (!row) throw new NotFound('Flow');
    return { id: row.id, tenantId: row.tenant_id, kind: row.kind };
  }

  private async versionNumbers(tx: Tx, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await tx.flowVersion.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, number: true } });
    return new Map(rows.map((row) => [row.id, row.number]));
  }
}

function deploymentView(row: DeploymentRow): DeploymentView {
  return {
    flowId: row.flow_id,
    kind: row.kind,
    environment: row.environment,
    versionId: row.version_id,
    versionNumber: row.number ?? 0,
    deployedBy: row.deployed_by,
    deployedAt: row.deployed_at,
  };
}
