/**
 * The optional second opinion on the local ranking (issue #14): a language model behind any
 * OpenAI-compatible chat completions endpoint re-orders each field's local top 5. Plain functions:
 * the request, the checks of the answer and the re-ordering; the client that sends it is given.
 *
 * The model only orders what the local engine listed. It never adds a path, never drops one, and
 * never turns "no good source" into a suggestion: the confidence shown stays the local evidence,
 * and an answer that names a path or a field it was not asked about is no answer at all.
 */
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { containsCardNumber } from '../../platform/card-data/card-numbers.js';

export interface RankedCandidate {
  path: string;
  confidence: number;
  reason: string;
}

export interface RerankField {
  /** 'arcash.paidamt': names the field in the request and in the answer. */
  target: string;
  /** The catalogue's description of the Sage Pro field. */
  description: string;
  /** 'money', 'char(10)'. */
  type: string;
  required: boolean;
  /** The local ranking, best first. */
  candidates: readonly RankedCandidate[];
}

export interface RerankSource {
  /** The inferred format of the leaf's values ('money', 'email'). */
  format: string;
  samples: readonly string[];
}

export interface RerankRequest {
  /** The sample's format ('shopify-order'). */
  format: string;
  fields: readonly RerankField[];
  /** The sample's leaves by path. */
  sources: ReadonlyMap<string, RerankSource>;
  /** The tenant lets sample values go to the endpoint; otherwise only names, paths, formats and descriptions do. */
  sendSamples: boolean;
}

/** Sample values per candidate, and their length, when the tenant allows them. */
const SAMPLES_SENT = 3;
const SAMPLE_CHARACTERS = 60;

const INSTRUCTIONS = [
  'You rank source fields for mapping a payment or order payload into Sage Pro ERP fields.',
  'For each target field you get its description and type and the candidate source fields a local engine found (path, value format, its confidence and reason; sample values only when allowed).',
  'Order each field\'s candidates from best to worst fit. Use only the paths given for that field, each exactly once.',
  'Answer with JSON only: {"fields":[{"field":"<target field as given>","ranking":["<path>", "..."]}]}.',
].join(' ');

/** Fields worth asking about: only two or more candidates have an order to change. */
export function fieldsToRerank(fields: readonly RerankField[]): RerankField[] {
  return fields.filter((field) => field.candidates.length > 1);
}

/** The chat completion asked of the endpoint: instructions, then the fields as JSON; a JSON answer. */
export function rerankPrompt(request: RerankRequest, model: string): ChatCompletionCreateParamsNonStreaming {
  const fields = fieldsToRerank(request.fields).map((field) => ({
    field: field.target,
    description: field.description,
    type: field.type,
    required: field.required,
    candidates: field.candidates.map((candidate) => {
      const source = request.sources.get(candidate.path);
      const samples = request.sendSamples && source ? samplesToSend(source.samples) : [];
      return {
        path: candidate.path,
        format: source?.format ?? 'unknown',
        localConfidence: candidate.confidence,
        localReason: candidate.reason,
        ...(samples.length ? { samples } : {}),
      };
    }),
  }));
  return {
    model,
    temperature: 0,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: INSTRUCTIONS },
      { role: 'user', content: JSON.stringify({ sourceFormat: request.format, fields }) },
    ],
  };
}

/** A few short values; never one holding a card number, whatever the tenant allows. */
function samplesToSend(samples: readonly string[]): string[] {
  return samples
    .filter((sample) => !containsCardNumber(sample))
    .slice(0, SAMPLES_SENT)
    .map((sample) => (sample.length > SAMPLE_CHARACTERS ? `${sample.slice(0, SAMPLE_CHARACTERS)}…` : sample));
}

/** Why an answer was not used; never carries the answer's text (it may echo sample values). */
export class RerankAnswerRefused extends Error {
  readonly code = 'RERANK_ANSWER_REFUSED';
}

const answerShape = z.object({
  fields: z.array(z.object({ field: z.string(), ranking: z.array(z.string()) })),
});

/**
 * The answer's order per field ('arcash.paidamt' → paths, best first). Refused when it is not JSON,
 * not of the asked shape, or names a field or a path it was not given: a model that invents
 * anything is not trusted with the rest. A field left out keeps its local order.
 */
export function parseRerankAnswer(content: string | null | undefined, fields: readonly RerankField[]): Map<string, string[]> {
  let json: unknown;
  try {
    json = JSON.parse(stripFence(content ?? ''));
  } catch {
    throw new RerankAnswerRefused('the answer is not JSON');
  }
  const parsed = answerShape.safeParse(json);
  if (!parsed.success) throw new RerankAnswerRefused('the answer is not of the asked shape');
  const asked = new Map(fields.map((field) => [field.target, new Set(field.candidates.map((candidate) => candidate.path))]));
  const rankings = new Map<string, string[]>();
  for (const answered of parsed.data.fields) {
    const paths = asked.get(answered.field);
    if (!paths) throw new RerankAnswerRefused('the answer names a field it was not asked about');
    if (answered.ranking.some((path) => !paths.has(path))) throw new RerankAnswerRefused('the answer names a path that was not a candidate');
    rankings.set(answered.field, answered.ranking);
  }
  return rankings;
}

/** Some endpoints wrap JSON in a Markdown fence even when asked for JSON. */
function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return fenced ? fenced[1] : text;
}

/**
 * The candidates in the answer's order: the paths it ranked first (each once), then those it left
 * out in their local order. Always a permutation of `candidates`.
 */
export function reorder<C extends { path: string }>(candidates: readonly C[], ranking: readonly string[]): C[] {
  const byPath = new Map(candidates.map((candidate) => [candidate.path, candidate]));
  const placed = new Set<string>();
  const ordered: C[] = [];
  for (const path of ranking) {
    const candidate = byPath.get(path);
    if (candidate && !placed.has(path)) {
      placed.add(path);
      ordered.push(candidate);
    }
  }
  return [...ordered, ...candidates.filter((candidate) => !placed.has(candidate.path))];
}

export interface RankedField<C extends RankedCandidate> {
  candidates: C[];
  suggestion: C | null;
  abstained: string | null;
}

/**
 * A field in the model's order, each reason saying so. The local engine's abstention stands: a field
 * with no candidate above the threshold gets no suggestion from the model's order. Otherwise the
 * suggestion is the first candidate in the new order that the local evidence puts at or above the
 * threshold (the local suggestion always qualifies), so the model picks among acceptable
 * candidates but cannot lift a weak one into "accept all above the threshold".
 */
export function rerankedField<C extends RankedCandidate, F extends RankedField<C>>(field: F, ranking: readonly string[], threshold: number, model: string): F {
  const note = (candidate: C): C => ({ ...candidate, reason: `${candidate.reason} · re-ranked by ${model}` });
  const candidates = reorder(field.candidates, ranking).map(note);
  if (field.suggestion === null || field.abstained !== null) return { ...field, candidates, suggestion: null };
  const local = field.suggestion.path;
  const suggestion = candidates.find((candidate) => candidate.path === local || candidate.confidence >= threshold) ?? null;
  return { ...field, candidates, suggestion };
}
