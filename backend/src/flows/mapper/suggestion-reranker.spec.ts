import { APIConnectionError, APIConnectionTimeoutError, InternalServerError } from 'openai';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../platform/config/config.js';
import { EgressRefused } from '../../platform/egress/egress-guard.js';
import { RerankAnswerRefused } from '../suggestions/llm-rerank.js';
import { sourceTree } from '../suggestions/source-tree.js';
import { suggestForRecord } from './record-suggestions.js';
import { rerankFailure, SuggestionReranker } from './suggestion-reranker.js';

describe('a failed re-ranking', () => {
  it('is told by its kind, never by what the endpoint answered', () => {
    const http = new InternalServerError(500, { error: { message: 'cannot rank "ap@acme.example"' } }, undefined, new Headers());
    expect(rerankFailure(http, 3000)).toEqual({ outcome: 'http_error', said: 'answered HTTP 500' });
    expect(rerankFailure(new APIConnectionTimeoutError(), 3000)).toEqual({ outcome: 'timeout', said: 'did not answer within 3000 ms' });
    const refused = new APIConnectionError({ cause: new TypeError('fetch failed', { cause: new EgressRefused('llm.internal', '10.0.0.8') }) });
    expect(rerankFailure(refused, 3000).outcome).toBe('refused');
    expect(rerankFailure(new APIConnectionError({ cause: new Error('ECONNREFUSED') }), 3000).outcome).toBe('unreachable');
    expect(rerankFailure(new RerankAnswerRefused('the answer is not JSON'), 3000)).toEqual({ outcome: 'invalid_answer', said: 'gave an answer that was not used: the answer is not JSON' });
    expect(rerankFailure(new RangeError('x'), 3000).outcome).toBe('error');
  });
});

describe('the re-ranker left unconfigured', () => {
  it('makes no client, reads no tenant and answers the local ranking as it is', async () => {
    const untouchable = new Proxy({}, { get: () => { throw new Error('not to be used'); } });
    const registry = new Registry();
    const reranker = new SuggestionReranker({ SUGGEST_LLM_TIMEOUT_MS: 3000 } as AppConfig, untouchable as never, { registry } as never, untouchable as never);
    expect(reranker.enabled).toBe(false);
    const tree = sourceTree({ amount: '110.00', total: '117.25', invoice_id: '1001' });
    const fields = suggestForRecord(tree, 'cash_receipt', { format: 'pasted-json' });
    const answer = await reranker.rerank('cash_receipt', { format: 'pasted-json', tree }, fields, 0.5);
    expect(answer).toEqual({ fields, rerankedBy: null });
    expect(await registry.metrics()).toContain('settle_suggestion_reranks_total');
  });
});
