import { Inject, Injectable, Logger } from '@nestjs/common';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { Counter } from 'prom-client';
import { MetricsService } from '../../monitoring/metrics/metrics.service.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { connectionFailureKind } from '../../platform/egress/connection-failure.js';
import { Egress } from '../../platform/egress/egress.service.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import type { TargetRecord } from '../definition/flow-definition.js';
import { ruleText, SAGE_TARGETS } from '../mappings/sage-targets.js';
import { fieldsToRerank, parseRerankAnswer, RerankAnswerRefused, rerankedField, type RerankField, rerankPrompt, type RerankSource } from '../suggestions/llm-rerank.js';
import type { SourceTree } from '../suggestions/source-tree.js';
import type { RecordSuggestion } from './record-suggestions.js';

/** What became of one re-ranking: `settle_suggestion_reranks_total{outcome}`. */
export type RerankOutcome = 'reranked' | 'http_error' | 'timeout' | 'refused' | 'unreachable' | 'invalid_answer' | 'error';

/** A failed re-ranking as its outcome and a log phrase that carries no value of the sample or the answer. */
export function rerankFailure(error: unknown, timeoutMs: number): { outcome: Exclude<RerankOutcome, 'reranked'>; said: string } {
  if (error instanceof RerankAnswerRefused) return { outcome: 'invalid_answer', said: `gave an answer that was not used: ${error.message}` };
  if (error instanceof APIConnectionTimeoutError) return { outcome: 'timeout', said: `did not answer within ${timeoutMs} ms` };
  if (error instanceof APIConnectionError) {
    return connectionFailureKind(error) === 'refused_address'
      ? { outcome: 'refused', said: 'is not a public address and EGRESS_ALLOW does not name it' }
      : { outcome: 'unreachable', said: 'could not be reached' };
  }
  // Not the SDK's message: it quotes the body of the answer, which may echo what was sent.
  if (error instanceof APIError) return { outcome: 'http_error', said: `answered HTTP ${error.status ?? 'without a status'}` };
  return { outcome: 'error', said: `failed (${(error as Error)?.name ?? 'unknown error'})` };
}

export interface RerankedSuggestions {
  fields: RecordSuggestion[];
  /** The model that ordered the candidates; null when the ranking is the local one. */
  rerankedBy: string | null;
}

/**
 * The optional re-ranker of the mapper's suggestions (SUGGEST_LLM_URL, off by default): asks the
 * configured OpenAI-compatible endpoint to order each field's local candidates, through the egress
 * guard, within SUGGEST_LLM_TIMEOUT_MS. Sample values go only to a tenant that allows it
 * (suggestionsMaySendSamples). Any failure keeps the local ranking, logged and counted, never an error.
 */
@Injectable()
export class SuggestionReranker {
  private readonly logger = new Logger('SuggestionReranker');
  private readonly outcomes: Counter<'outcome'>;
  private readonly llm?: { client: OpenAI; model: string; host: string; timeoutMs: number };

  constructor(@Inject(APP_CONFIG) config: AppConfig, egress: Egress, metrics: MetricsService, private readonly prisma: PrismaService) {
    this.outcomes = new Counter({
      name: 'settle_suggestion_reranks_total',
      help: 'Re-rankings of mapping suggestions by the SUGGEST_LLM_URL endpoint, by outcome (reranked, or why the local ranking was kept)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    if (!config.SUGGEST_LLM_URL || !config.SUGGEST_LLM_MODEL) return;
    const timeoutMs = config.SUGGEST_LLM_TIMEOUT_MS;
    const client = new OpenAI({
      baseURL: config.SUGGEST_LLM_URL,
      // Endpoints on a private network often want no key; the SDK wants one all the same.
      apiKey: config.SUGGEST_LLM_KEY ?? 'none',
      organization: null,
      project: null,
      timeout: timeoutMs,
      // One try: a person is waiting, and the local ranking is a good answer.
      maxRetries: 0,
      // The endpoint is the operator's, but the request is made for a tenant and carries its field names:
      // it goes through the guard, as PAYTRACE_PRODUCTION_URL does (a private address needs EGRESS_ALLOW).
      fetch: egress.fetch(timeoutMs),
    });
    this.llm = { client, model: config.SUGGEST_LLM_MODEL, host: new URL(config.SUGGEST_LLM_URL).host, timeoutMs };
  }

  get enabled(): boolean {
    return this.llm !== undefined;
  }

  /** `fields` in the model's order, or as they are when the re-ranker is off or fails. Never throws for the model. */
  async rerank(record: TargetRecord, sample: { format: string; tree: SourceTree }, fields: RecordSuggestion[], threshold: number): Promise<RerankedSuggestions> {
    const local = { fields, rerankedBy: null };
    if (!this.llm) return local;
    const asked = fieldsToRerank(fields.map((field) => rerankField(record, field)));
    if (asked.length === 0) return local;
    const sendSamples = await this.tenantAllowsSamples();
    const sources = new Map<string, RerankSource>(sample.tree.leaves.map((leaf) => [leaf.path, { format: leaf.format, samples: leaf.samples }]));
    const { client, model, host, timeoutMs } = this.llm;
    try {
      const completion = await client.chat.completions.create(rerankPrompt({ format: sample.format, fields: asked, sources, sendSamples }, model));
      const rankings = parseRerankAnswer(completion?.choices?.[0]?.message?.content, asked);
      this.outcomes.inc({ outcome: 'reranked' });
      if (rankings.size === 0) return local;
      const reranked = fields.map((field) => {
        const ranking = rankings.get(field.target);
        return ranking ? rerankedField(field, ranking, threshold, model) : field;
      });
      return { fields: reranked, rerankedBy: model };
    } catch (error) {
      const failure = rerankFailure(error, timeoutMs);
      this.outcomes.inc({ outcome: failure.outcome });
      this.logger.warn(`mapping suggestions kept local: the re-ranker at ${host} ${failure.said}`);
      return local;
    }
  }

  private async tenantAllowsSamples(): Promise<boolean> {
    const tenantId = TenantContext.actor().tenantId!;
    const tenant = await this.prisma.inTenant((tx) => tx.tenant.findUnique({ where: { id: tenantId }, select: { suggestionsMaySendSamples: true } }));
    return tenant?.suggestionsMaySendSamples ?? false;
  }
}

/** A record's field as the re-ranker is told about it: the Sage Pro column, its description and type. */
function rerankField(record: TargetRecord, field: RecordSuggestion): RerankField {
  const spec = SAGE_TARGETS[record].fields.find((candidate) => `${candidate.table}.${candidate.name}` === field.target);
  return {
    target: field.target,
    description: spec?.description ?? '',
    type: spec ? ruleText(spec.rule) : 'unknown',
    required: field.required,
    candidates: field.candidates,
  };
}
