import { Injectable, Logger } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { SageProConnectionsService } from '../../connections/sagepro/sagepro-connections.service.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { redactCardData } from '../../platform/card-data/redact-card-data.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { InvalidInput, NotFound } from '../../platform/errors.js';
import type { SageProDatabase } from '../../sagepro/database.js';
import { keySpellings, trimKey } from '../../sagepro/keys.js';
import { KyselySageProCompany } from '../../sagepro/kysely-company.js';
import { tableRef } from '../../sagepro/tables.js';
import { FlowsService } from '../api/flows.service.js';
import { mappingRule, type TargetRecord } from '../definition/flow-definition.js';
import { examplePayment, readPastedOrder, readPastedPayment } from '../preview/preview-sample.js';
import { withPayload } from '../mappings/mapping-source.js';
import type { FlowSampleInput } from '../preview/flow-preview.types.js';
import { sampleOrderEvent } from '../mappings/sample-source.js';
import { SAGE_TARGETS } from '../mappings/sage-targets.js';
import type { DecisionCount, Priors } from '../suggestions/priors.js';
import { priorKey } from '../suggestions/priors.js';
import { sourceTree, type SourceTree } from '../suggestions/source-tree.js';
import { DEFAULT_THRESHOLD, linesArray } from '../suggestions/suggest.js';
import { LOOKED_UP, type LookedUpDomain, valuesToLookUp } from './company-values.js';
import { type MappingSampleEvent, MappingDecisionKind, type MappingDecisionInput, type MappingDecisionResult } from './mapper.types.js';
import { evaluateRule, type RuleEvaluation } from './rule-evaluation.js';
import { suggestForRecord, targetColumn, type RecordSuggestion } from './record-suggestions.js';
import { formatOfPayload, formatOfStoredEvent } from './sample-format.js';
import { SuggestionReranker } from './suggestion-reranker.js';
import { TRIGGERS, type PaymentTrigger } from '../definition/flow-definition.js';

/** A second identical decision within this window is the same click (a double click, a retry). */
export const DECISION_WINDOW_SECONDS = 10;
const MAX_SAMPLE_EVENTS = 25;
const FORMAT = /^[a-z][a-z0-9-]{0,59}$/;

export interface MapperSample {
  format: string;
  payload: unknown;
  tree: SourceTree;
}

/**
 * The field mapper's server side: the source tree of a sample, the target fields, ranked
 * suggestions (with this tenant's and all tenants' decisions, and the dev company's known values),
 * recorded decisions and the live evaluation of one rule. Thin: the rules are plain functions.
 */
@Injectable()
export class MapperService {
  private readonly logger = new Logger(MapperService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly flows: FlowsService,
    private readonly sagePro: SageProConnectionsService,
    private readonly audit: AuditService,
    private readonly reranker: SuggestionReranker,
  ) {}

  /** The sample as the mapper reads it: a stored event's payload, a pasted one, or a generated example. */
  async sample(flowId: string, sample: FlowSampleInput): Promise<MapperSample> {
    const flow = await this.flows.get(flowId);
    const given = [sample.eventId, sample.event, sample.example].filter((value) => value !== undefined && value !== null && value !== false);
    if (given.length !== 1) throw new InvalidInput('sample', 'give exactly one of eventId, event or example');
    if (sample.example) {
      if (flow.kind === 'order_to_cash') return this.read('settle-order-event', sampleOrderEvent());
      const trigger = sample.trigger ?? 'approved';
      if (!(TRIGGERS.payment_sync as readonly string[]).includes(trigger)) throw new InvalidInput('sample.trigger', `must be one of ${TRIGGERS.payment_sync.join(', ')}`);
      return this.read('settle-payment-event', examplePayment(trigger as PaymentTrigger));
    }
    if (sample.event !== undefined && sample.event !== null) {
      if (typeof sample.event !== 'object') throw new InvalidInput('sample.event', 'must be a JSON object or array');
      if (JSON.stringify(sample.event).length > 256 * 1024) throw new InvalidInput('sample.event', 'must be at most 256 KB');
      // A pasted payload is never stored; card numbers in it are redacted before anything shows it.
      const payload = redactCardData(sample.event);
      // A Settle event is the normalised event itself; anything else is a payload as it would arrive.
      const asEvent = flow.kind === 'order_to_cash' ? readPastedOrder(payload) : readPastedPayment(payload);
      if (asEvent.ok) return this.read(formatOfPayload(payload), asEvent.event);
      return this.read(formatOfPayload(payload), withPayload({}, payload));
    }
    const row = await this.prisma.inTenant((tx) => tx.inboxEvent.findUnique({ where: { id: sample.eventId! }, select: { source: true, type: true, event: true, payload: true, prunedAt: true } }));
    if (!row) throw new NotFound('Event');
    if (row.prunedAt) throw new InvalidInput('sample.eventId', 'retention emptied this event');
    const kind = flow.kind === 'order_to_cash' ? 'order' : 'payment';
    if (!row.type.startsWith(`${kind}.`)) throw new InvalidInput('sample.eventId', `is not ${kind === 'order' ? 'an order' : 'a payment'} event: this flow maps ${kind} events`);
    // What the pipeline's mappings read: the normalised event and, under `payload`, what arrived (redacted when stored).
    return this.read(formatOfStoredEvent(row.source, row.type), withPayload(row.event as object, row.payload));
  }

  private read(format: string, payload: unknown): MapperSample {
    return { format, payload, tree: sourceTree(payload) };
  }

  /** The tenant's most recent events of the flow's kind (of one trigger when named), to pick a sample from. */
  async sampleEvents(flowId: string, trigger: string | null | undefined, first: number): Promise<MappingSampleEvent[]> {
    const flow = await this.flows.get(flowId);
    const triggers = TRIGGERS[flow.kind] as readonly string[];
    if (trigger && !triggers.includes(trigger)) throw new InvalidInput('trigger', `must be one of ${triggers.join(', ')}`);
    if (!Number.isInteger(first) || first < 1 || first > MAX_SAMPLE_EVENTS) throw new InvalidInput('first', `must be between 1 and ${MAX_SAMPLE_EVENTS}`);
    const prefix = flow.kind === 'order_to_cash' ? 'order.' : 'payment.';
    const type = trigger ? { equals: `${prefix}${trigger}` } : { startsWith: prefix };
    const rows = await this.prisma.inTenant((tx) =>
      tx.inboxEvent.findMany({ where: { type, prunedAt: null }, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], take: first, select: { id: true, source: true, type: true, receivedAt: true } }),
    );
    return rows.map((row) => ({ ...row, format: formatOfStoredEvent(row.source, row.type) }));
  }

  /** Ranked suggestions for the record's fields. */
  async suggestions(flowId: string, record: TargetRecord, sample: FlowSampleInput, fields: string[] | null | undefined, threshold: number | null | undefined, linesPath?: string | null) {
    const read = await this.sample(flowId, sample);
    const known = new Set(SAGE_TARGETS[record].fields.map((field) => field.name));
    const unknown = (fields ?? []).find((field) => !known.has(field));
    if (unknown !== undefined) throw new InvalidInput('fields', `${unknown} is not a field of ${record}`);
    if (threshold !== null && threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new InvalidInput('threshold', 'must be between 0 and 1');
    if (linesPath && !read.tree.arrays.some((array) => array.path === linesPath)) throw new InvalidInput('linesPath', `is not an array of objects in the sample (${read.tree.arrays.map((array) => array.path).join(', ') || 'it has none'})`);
    const priors = await this.priors(read.format);
    const companyValues = await this.companyValues(read.tree);
    const suggested: RecordSuggestion[] = suggestForRecord(read.tree, record, {
      format: read.format,
      priors,
      ...(companyValues ? { companyValues } : {}),
      ...(threshold === null || threshold === undefined ? {} : { threshold }),
      ...(fields ? { fields } : {}),
      ...(linesPath ? { linesPath } : {}),
    });
    // The optional re-ranker (SUGGEST_LLM_URL) orders each field's local candidates; any failure keeps them as they are.
    const ranked = await this.reranker.rerank(record, read, suggested, threshold ?? DEFAULT_THRESHOLD);
    return { format: read.format, threshold: threshold ?? DEFAULT_THRESHOLD, companyValues: companyValues !== undefined, fields: ranked.fields, rerankedBy: ranked.rerankedBy };
  }

  linesPath(tree: SourceTree): string | null {
    return linesArray(tree) ?? null;
  }

  /** This tenant's counts (RLS) and all tenants' (the anonymous totals) for one format. */
  private async priors(format: string): Promise<Priors> {
    return this.prisma.inTenant(async (tx) => {
      const own = await tx.mappingDecision.groupBy({ by: ['path', 'target', 'decision'], where: { format }, _count: { _all: true } });
      const totals = await tx.mappingDecisionTotal.findMany({ where: { format } });
      const tenant = new Map<string, DecisionCount>();
      for (const row of own) {
        const key = priorKey(format, row.path, row.target);
        const current = tenant.get(key) ?? { accepted: 0, rejected: 0 };
        tenant.set(key, row.decision === 'accepted' ? { ...current, accepted: current.accepted + row._count._all } : { ...current, rejected: current.rejected + row._count._all });
      }
      const global = new Map(totals.map((row) => [priorKey(format, row.path, row.target), { accepted: row.accepted, rejected: row.rejected }] as const));
      return { tenant, global };
    });
  }

  /**
   * Known values of the dev pair's Sage Pro company for the sample's key-like values: one bounded
   * read per key column (only those values), no locks. No dev pair or no company: undefined.
   */
  private async companyValues(tree: SourceTree): Promise<Map<string, Set<string>> | undefined> {
    const pair = await this.prisma.inTenant((tx) => tx.integration.findFirst({ where: { environment: 'dev', enabled: true }, orderBy: { createdAt: 'asc' } }));
    if (!pair) return undefined;
    const wanted = valuesToLookUp(tree);
    if (!wanted.size) return new Map();
    try {
      return await this.readKnownValues(pair.sageProConnectionId, wanted);
    } catch (error) {
      // A company out of reach costs the suggestions one signal, not the answer.
      this.logger.warn(`known values not read from the dev company: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async readKnownValues(connectionId: string, wanted: Map<LookedUpDomain, string[]>): Promise<Map<string, Set<string>>> {
    const opened = await this.sagePro.open(connectionId);
    try {
      const db = opened.db as Kysely<SageProDatabase>;
      const { tables, dialect } = new KyselySageProCompany(db, opened.options).options;
      const found = new Map<string, Set<string>>();
      for (const [domain, values] of wanted) {
        const key = LOOKED_UP[domain];
        const table = domain.split('.')[0] as 'arcust' | 'armast' | 'icitem';
        const spellings = [...new Set(values.flatMap((value) => keySpellings(key, value)))];
        const rows = await db
          .selectFrom(tableRef(table, tables, { dialect, forUpdate: false }))
          .select(sql<string>`${sql.ref(key)}`.as('value'))
          .where(sql.ref(key), 'in', spellings)
          .limit(spellings.length)
          .execute();
        found.set(domain, new Set(rows.map((row) => trimKey(row.value))));
      }
      return found;
    } finally {
      await opened.release();
    }
  }

  /** Counts one decision for the tenant and, anonymously, for all tenants; audited. */
  async recordDecision(input: MappingDecisionInput): Promise<MappingDecisionResult> {
    const flow = await this.flows.get(input.flowId);
    const target = targetColumn(input.record, input.field);
    if (!target) throw new InvalidInput('input.field', `is not a field of ${input.record}`);
    if (!FORMAT.test(input.format)) throw new InvalidInput('input.format', "must be a format name like 'shopify-order'");
    if (!input.path || input.path.length > 400) throw new InvalidInput('input.path', 'must be a source path of 1 to 400 characters');
    const decision = input.decision === MappingDecisionKind.ACCEPTED ? 'accepted' : 'rejected';
    const actor = TenantContext.actor();
    return this.prisma.inTenant(async (tx) => {
      // The same decision twice within moments is one click: serialised per flow, field and path.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`mapping:${flow.id}:${input.record}:${input.field}:${input.path}:${decision}`}))`;
      const since = new Date(Date.now() - DECISION_WINDOW_SECONDS * 1000);
      const recent = await tx.mappingDecision.findFirst({
        where: { flowId: flow.id, record: input.record, field: input.field, path: input.path, decision, decidedAt: { gte: since } },
        select: { id: true },
      });
      if (!recent) {
        await tx.mappingDecision.create({
          data: { tenantId: actor.tenantId!, flowId: flow.id, format: input.format, record: input.record, field: input.field, target, path: input.path, decision, decidedBy: actor.userId ?? null, decidedByApiKeyId: actor.apiKeyId ?? null },
        });
        await tx.$executeRaw`SELECT add_mapping_decision_total(${input.format}, ${input.path}, ${target}, ${decision})`;
        await this.audit.record(
          { action: 'flow.mapping_decided', targetType: 'flow', targetId: flow.id, details: { kind: flow.kind, decision, record: input.record, field: input.field, path: input.path, format: input.format } },
          tx,
        );
      }
      const counts = await tx.mappingDecision.groupBy({ by: ['decision'], where: { format: input.format, target, path: input.path }, _count: { _all: true } });
      const count = (which: string) => counts.find((row) => row.decision === which)?._count._all ?? 0;
      return { counted: !recent, accepted: count('accepted'), rejected: count('rejected') };
    });
  }

  /** One rule on the sample; a bad rule shape is BAD_USER_INPUT naming its field, a broken expression an answer. */
  async evaluateRule(flowId: string, record: TargetRecord, field: string, rule: unknown, sample: FlowSampleInput): Promise<RuleEvaluation> {
    const parsed = mappingRule.safeParse(rule);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidInput(['rule', ...issue.path.map(String)].join('.'), issue.message);
    }
    const read = await this.sample(flowId, sample);
    return evaluateRule(record, field, parsed.data, read.payload);
  }
}
