import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withLuhnCheckDigit } from '../../platform/card-data/card-numbers.js';
import { parseRerankAnswer, RerankAnswerRefused, rerankedField, rerankPrompt, reorder, type RerankField, type RerankRequest } from './llm-rerank.js';

const paidamt: RerankField = {
  target: 'arcash.paidamt',
  description: 'Amount paid',
  type: 'money',
  required: true,
  candidates: [
    { path: 'amount', confidence: 0.9, reason: 'name: amount ≈ paidamt (amount); money amounts fit money' },
    { path: 'total', confidence: 0.6, reason: 'name: total ≈ paidamt (total)' },
    { path: 'tax', confidence: 0.2, reason: 'name: tax' },
  ],
};
const single: RerankField = { target: 'arcash.currid', description: 'Currency', type: 'char(3)', required: false, candidates: [{ path: 'currency', confidence: 0.95, reason: 'r' }] };
const sources = new Map([
  ['amount', { format: 'money', samples: ['110.00', '7.25'] }],
  ['total', { format: 'money', samples: ['117.25'] }],
  ['tax', { format: 'money', samples: [`card ${withLuhnCheckDigit('411111111111111')}`, 'x'.repeat(100)] }],
  ['currency', { format: 'currency', samples: ['USD'] }],
]);
const request = (sendSamples: boolean): RerankRequest => ({ format: 'paytrace-export', fields: [paidamt, single], sources, sendSamples });
const userMessage = (sendSamples: boolean) => JSON.parse(rerankPrompt(request(sendSamples), 'ranker-1').messages[1].content as string);

describe('the re-ranking request', () => {
  it('asks for JSON about fields with an order to change: names, paths, formats, descriptions, and no sample value by default', () => {
    const prompt = rerankPrompt(request(false), 'ranker-1');
    expect(prompt).toMatchObject({ model: 'ranker-1', temperature: 0, response_format: { type: 'json_object' } });
    const sent = userMessage(false);
    expect(sent.sourceFormat).toBe('paytrace-export');
    expect(sent.fields.map((field: { field: string }) => field.field)).toEqual(['arcash.paidamt']);
    expect(sent.fields[0]).toMatchObject({ description: 'Amount paid', type: 'money', required: true });
    expect(sent.fields[0].candidates[0]).toEqual({ path: 'amount', format: 'money', localConfidence: 0.9, localReason: paidamt.candidates[0].reason });
    const text = JSON.stringify(prompt);
    for (const value of ['110.00', '7.25', '117.25', 'xxxxx']) expect(text).not.toContain(value);
  });

  it('adds a few short sample values when the tenant allows it, never one holding a card number', () => {
    const candidates = userMessage(true).fields[0].candidates;
    expect(candidates[0].samples).toEqual(['110.00', '7.25']);
    expect(candidates[2].samples).toEqual([`${'x'.repeat(60)}…`]);
    expect(JSON.stringify(candidates)).not.toContain(withLuhnCheckDigit('411111111111111'));
  });
});

describe('the answer', () => {
  it("is each field's ranking, a Markdown fence tolerated", () => {
    const answer = '```json\n{"fields":[{"field":"arcash.paidamt","ranking":["total","amount"]}]}\n```';
    expect(parseRerankAnswer(answer, [paidamt])).toEqual(new Map([['arcash.paidamt', ['total', 'amount']]]));
  });

  it.each([
    ['not JSON', 'Sure! Here is the ranking: total, amount'],
    ['empty', ''],
    ['of another shape', '{"ranking":["total"]}'],
    ['naming a path that was no candidate', '{"fields":[{"field":"arcash.paidamt","ranking":["total","invented"]}]}'],
    ['naming a field it was not asked about', '{"fields":[{"field":"arcash.ponum","ranking":["total"]}]}'],
  ])('is refused when %s', (_what, content) => {
    expect(() => parseRerankAnswer(content, [paidamt])).toThrow(RerankAnswerRefused);
  });

  it("never carries the answer's text in the refusal", () => {
    const error = (() => {
      try {
        parseRerankAnswer('{"fields":[{"field":"arcash.paidamt","ranking":["117.25 secret"]}]}', [paidamt]);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).not.toContain('secret');
  });
});

describe('re-ordering', () => {
  const paths = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 0, maxLength: 6 });
  it('is always a permutation of the candidates, the ranked ones first in the ranked order', () => {
    fc.assert(
      fc.property(
        paths.chain((candidates) => fc.tuple(fc.constant(candidates), fc.array(fc.constantFrom('zz', ...candidates), { maxLength: 8 }))),
        ([candidatePaths, ranking]) => {
          const candidates = candidatePaths.map((path) => ({ path }));
          const ordered = reorder(candidates, ranking).map((candidate) => candidate.path);
          expect([...ordered].sort()).toEqual([...candidatePaths].sort());
          const ranked = [...new Set(ranking.filter((path) => candidatePaths.includes(path)))];
          expect(ordered.slice(0, ranked.length)).toEqual(ranked);
          expect(ordered.slice(ranked.length)).toEqual(candidatePaths.filter((path) => !ranked.includes(path)));
        },
      ),
    );
  });

  const field = (suggested: boolean) => ({
    candidates: paidamt.candidates.map((candidate) => ({ ...candidate })),
    suggestion: suggested ? { ...paidamt.candidates[0] } : null,
    abstained: suggested ? null : 'no good source',
  });

  it('says who re-ranked on every reason, keeps the local confidences, and suggests the first acceptable candidate of the new order', () => {
    const ranked = rerankedField(field(true), ['total', 'amount', 'tax'], 0.5, 'ranker-1');
    expect(ranked.candidates.map((candidate) => [candidate.path, candidate.confidence])).toEqual([['total', 0.6], ['amount', 0.9], ['tax', 0.2]]);
    expect(ranked.candidates[0].reason).toBe('name: total ≈ paidamt (total) · re-ranked by ranker-1');
    expect(ranked.suggestion?.path).toBe('total');
    expect(ranked.abstained).toBeNull();
  });

  it('does not lift a candidate under the threshold into the suggestion, nor answer an abstention', () => {
    expect(rerankedField(field(true), ['tax', 'amount'], 0.5, 'ranker-1').suggestion?.path).toBe('amount');
    // The local suggestion qualifies even when its rounded confidence fell under the threshold.
    expect(rerankedField(field(true), ['tax', 'total'], 0.95, 'ranker-1').suggestion?.path).toBe('amount');
    const abstained = rerankedField(field(false), ['total', 'amount'], 0.5, 'ranker-1');
    expect(abstained).toMatchObject({ suggestion: null, abstained: 'no good source' });
    expect(abstained.candidates[0].path).toBe('total');
  });
});
