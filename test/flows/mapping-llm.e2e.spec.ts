/**
 * The optional re-ranker of mapping suggestions (SUGGEST_LLM_URL) against a local fake
 * OpenAI-compatible endpoint: mappingSuggestions answers the model's order; the request carries
 * names, paths, formats and descriptions but no sample value until the tenant allows it; an HTTP
 * error, a timeout and an answer that is no ranking each leave the local ranking, with no GraphQL
 * error; and an app without SUGGEST_LLM_URL never calls anything.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GqlResponse, startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'correct-horse-battery';
const MODEL = 'fake-ranker';
const SUGGEST = `query($f: ID!, $s: FlowSampleInput!) {
  mappingSuggestions(flowId: $f, record: cash_receipt, sample: $s) {
    format rerankedBy fields { field target abstained candidates { path confidence reason } suggestion { path confidence } }
  } }`;

type Mode = 'reverse' | 'http500' | 'slow' | 'garbage' | 'invented';
let mode: Mode = 'reverse';
const requests: { url?: string; authorization?: string; body: string }[] = [];
let fake: Server;
let withLlm: TestApp;
let localOnly: TestApp;
let admin: pg.Client;

/** A PayTrace export row whose values are easy to find in a request. */
const sample = {
  transaction_id: 9043021,
  transaction_type: 'SALE',
  description: 'Invoice RRK-77123',
  amount: 110,
  invoice_id: 'RRK-77123',
  receipt_emailed_to: 'ap@rerank-sample.example',
  customer_reference_id: 'PO-RERANK-4471',
  approval_code: 'TAS021',
  status_message: 'Approved',
  created: { through: 'API', at: '11/3/2026 4:06:30 PM', by: 'settle_api' },
  customer_id: 'RRKCUST',
};
const PLANTED = ['RRK-77123', 'ap@rerank-sample.example', 'PO-RERANK-4471', 'TAS021', 'RRKCUST', '9043021'];

function ok<T = any>(res: GqlResponse<T>): T {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

function completion(content: string) {
  return { id: 'cmpl-1', object: 'chat.completion', created: 1, model: MODEL, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] };
}

/** The fake endpoint's answer: every field's candidates in reverse (or a failure, by mode). */
function answer(req: IncomingMessage, body: string, res: ServerResponse) {
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return res.writeHead(404).end();
  const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  if (mode === 'http500') return json(500, { error: { message: `overloaded while ranking ${body.slice(0, 40)}` } });
  if (mode === 'garbage') return json(200, completion('I would map total to paidamt, probably.'));
  const asked = JSON.parse(JSON.parse(body).messages[1].content) as { fields: { field: string; candidates: { path: string }[] }[] };
  const fields = asked.fields.map((field) => ({ field: field.field, ranking: field.candidates.map((candidate) => candidate.path).reverse() }));
  if (mode === 'invented') fields[0].ranking.push('payload.not_a_candidate');
  const send = () => json(200, completion(JSON.stringify({ fields })));
  if (mode === 'slow') setTimeout(send, 2_500);
  else send();
}

async function signUp(app: TestApp, companyName: string, email: string) {
  const res = ok(await app.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', { i: { companyName, email, password: PASSWORD } }));
  const token = res.signUp.accessToken as string;
  const { flows } = ok(await app.gql('{ flows { id kind } }', {}, { token }));
  return { token, tenantId: res.signUp.me.tenant.id as string, flowId: flows.find((f: { kind: string }) => f.kind === 'payment_sync').id as string };
}

const suggestions = async (app: TestApp, tenant: { token: string; flowId: string }) => ok(await app.gql(SUGGEST, { f: tenant.flowId, s: { event: sample } }, { token: tenant.token })).mappingSuggestions;
const candidatePaths = (answered: any) => answered.fields.map((field: any) => [field.field, field.candidates.map((candidate: any) => candidate.path)]);

let llmTenant: { token: string; tenantId: string; flowId: string };
let localTenant: { token: string; tenantId: string; flowId: string };
let local: any;

beforeAll(async () => {
  fake = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ url: req.url, authorization: req.headers.authorization, body });
      answer(req, body, res);
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const port = (fake.address() as AddressInfo).port;
  [withLlm, localOnly] = await Promise.all([
    startTestApp({ SUGGEST_LLM_URL: `http://127.0.0.1:${port}/v1`, SUGGEST_LLM_KEY: 'test-llm-key', SUGGEST_LLM_MODEL: MODEL, SUGGEST_LLM_TIMEOUT_MS: '1000' }),
    startTestApp(),
  ]);
  admin = new pg.Client({ connectionString: withLlm.db.adminUrl });
  await admin.connect();
  llmTenant = await signUp(withLlm, 'Rerank Alpha', 'owner@rerank-alpha.test');
  localTenant = await signUp(localOnly, 'Rerank Local', 'owner@rerank-local.test');
  // Both tenants are fresh (no decisions, no dev company): the app without the endpoint answers the local ranking.
  local = await suggestions(localOnly, localTenant);
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await Promise.all([withLlm?.close(), localOnly?.close()]);
  fake?.closeAllConnections();
  await new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve()));
});

beforeEach(() => {
  mode = 'reverse';
  requests.length = 0;
});

describe('with SUGGEST_LLM_URL', () => {
  it("answers the model's order: the same candidates with their local confidences, each reason naming the model", async () => {
    const reranked = await suggestions(withLlm, llmTenant);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ url: '/v1/chat/completions', authorization: 'Bearer test-llm-key' });
    expect(reranked.rerankedBy).toBe(MODEL);
    const ranked = local.fields.filter((field: any) => field.candidates.length > 1);
    expect(ranked.length).toBeGreaterThan(0);
    for (const before of local.fields) {
      const after = reranked.fields.find((field: any) => field.field === before.field);
      if (before.candidates.length < 2) {
        expect(after).toEqual(before);
        continue;
      }
      expect(after.candidates.map((c: any) => c.path)).toEqual(before.candidates.map((c: any) => c.path).reverse());
      expect(after.candidates.map((c: any) => [c.path, c.confidence, c.reason])).toEqual(
        [...before.candidates].reverse().map((c: any) => [c.path, c.confidence, `${c.reason} · re-ranked by ${MODEL}`]),
      );
      // The local engine's abstention stands; a suggestion is one the local evidence puts at the threshold.
      expect(after.abstained).toBe(before.abstained);
      if (before.suggestion === null) expect(after.suggestion).toBeNull();
      else expect(after.suggestion.path === before.suggestion.path || after.suggestion.confidence >= 0.5).toBe(true);
    }
  });

  it('sends names, paths, formats and descriptions but no sample value until a tenant admin allows it, audited', async () => {
    await suggestions(withLlm, llmTenant);
    const sent = requests[0].body;
    for (const value of PLANTED) expect(sent).not.toContain(value);
    const asked = JSON.parse(JSON.parse(sent).messages[1].content);
    expect(asked.sourceFormat).toBe(local.format);
    expect(asked.fields[0]).toMatchObject({ field: expect.stringMatching(/^arcash\./), description: expect.any(String), type: expect.any(String) });
    expect(asked.fields[0].candidates[0]).toMatchObject({ path: expect.any(String), format: expect.any(String), localConfidence: expect.any(Number) });
    expect(sent).not.toContain('"samples"');

    const { updateTenant } = ok(await withLlm.gql('mutation { updateTenant(input: { suggestionsMaySendSamples: true }) { suggestionsMaySendSamples } }', {}, { token: llmTenant.token }));
    expect(updateTenant.suggestionsMaySendSamples).toBe(true);
    const { rows } = await admin.query("SELECT details FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.updated'", [llmTenant.tenantId]);
    expect(rows.map((row) => row.details)).toContainEqual({ suggestionsMaySendSamples: true });

    requests.length = 0;
    await suggestions(withLlm, llmTenant);
    const allowed = requests[0].body;
    expect(PLANTED.some((value) => allowed.includes(value))).toBe(true);
    const { mappingSources } = ok(await withLlm.gql('query($f: ID!, $s: FlowSampleInput!) { mappingSources(flowId: $f, sample: $s) { leaves { path samples } } }', { f: llmTenant.flowId, s: { event: sample } }, { token: llmTenant.token }));
    const samplesOf = new Map(mappingSources.leaves.map((leaf: any) => [leaf.path, leaf.samples as string[]]));
    const sentCandidates = JSON.parse(JSON.parse(allowed).messages[1].content).fields.flatMap((field: any) => field.candidates);
    expect(sentCandidates.some((candidate: any) => candidate.samples?.length)).toBe(true);
    for (const candidate of sentCandidates) for (const value of candidate.samples ?? []) expect(samplesOf.get(candidate.path)).toContain(value);

    ok(await withLlm.gql('mutation { updateTenant(input: { suggestionsMaySendSamples: false }) { id } }', {}, { token: llmTenant.token }));
  });

  it.each<[Mode, string]>([
    ['http500', 'http_error'],
    ['slow', 'timeout'],
    ['garbage', 'invalid_answer'],
    ['invented', 'invalid_answer'],
  ])('keeps the local ranking, without a GraphQL error, when the endpoint answers %s; counted as %s', async (failing, outcome) => {
    mode = failing;
    const startedAt = Date.now();
    const answered = await suggestions(withLlm, llmTenant);
    expect(requests).toHaveLength(1);
    expect(answered.rerankedBy).toBeNull();
    expect(answered.fields).toEqual(local.fields);
    expect(Date.now() - startedAt).toBeLessThan(2_400);
    const metrics = await withLlm.http.get('/metrics');
    expect(metrics.text).toMatch(new RegExp(`settle_suggestion_reranks_total\\{outcome="${outcome}"\\} [1-9]`));
  });
});

describe('without SUGGEST_LLM_URL', () => {
  it('never calls the endpoint and answers the local ranking', async () => {
    const answered = await suggestions(localOnly, localTenant);
    expect(answered.rerankedBy).toBeNull();
    expect(candidatePaths(answered)).toEqual(candidatePaths(local));
    expect(requests).toHaveLength(0);
  });
});
