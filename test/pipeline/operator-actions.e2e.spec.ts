/**
 * Operator actions are atomic and idempotent: resolving a manual review and replaying a dead letter
 * each change the review (letter) and its event together, only if still open, in one transaction.
 * Two operators at once get one winner and a CONFLICT naming the item; the same resolution asked
 * twice is answered the same and requeues nothing; a failure between the two changes leaves both as
 * they were; a review of a voided payment cannot be posted.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { cashLinesOf, eventReaches, eventsOf, freshInvoices, type OpenInvoice, pipelineTenant, type PipelineTenant } from './pipeline-harness.js';

let t: TestApp;
let tenant: PipelineTenant;
let invoices: OpenInvoice[];

const RESOLVE = 'mutation($id: ID!, $i: ResolveManualReviewInput!) { resolveManualReview(id: $id, input: $i) { id resolution } }';
const REPLAY = 'mutation($i: ReplayDeadLettersInput!) { replayDeadLetters(input: $i) { replayed } }';

beforeAll(async () => {
  t = await startTestApp({ PIPELINE_SWEEP_MS: '200', PIPELINE_RETRY_BASE_MS: '100', PIPELINE_RETRY_MAX_MS: '300', PIPELINE_MAX_ATTEMPTS: '3', PIPELINE_WAIT_FOR_SALE_SECONDS: '2' });
  tenant = await pipelineTenant(t, 'Quarry Works');
  invoices = await freshInvoices(tenant, 8);
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  await t?.close();
});

/** The operator's call, answered as is (errors included). */
const asOperator = (query: string, variables: Record<string, unknown>) => t.gql(query, variables, { token: tenant.token });

/** A card payment naming no known invoice: it waits in manual review. */
async function paymentInReview(cents: number) {
  const sale = await tenant.merchant.sale(cents, { invoice_id: `NO-SUCH-${cents}` });
  await tenant.poll();
  const event = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'manual_review');
  const { rows } = await tenant.db.query('SELECT id FROM manual_reviews WHERE event_id = $1 AND resolution IS NULL', [event.id]);
  expect(rows).toHaveLength(1);
  return { sale, event, reviewId: rows[0].id as string };
}

/** A payment for the invoice while Sage Pro refuses connections: retried, then a dead letter. */
async function paymentDeadLettered(invoice: OpenInvoice) {
  await sageProFaults({ refuse: true });
  try {
    const sale = await tenant.merchant.sale(invoice.cents, { invoice_id: invoice.invno });
    await tenant.poll();
    const event = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'dead');
    const { rows } = await tenant.db.query('SELECT id FROM dead_letters WHERE event_id = $1 AND replayed_at IS NULL', [event.id]);
    expect(rows).toHaveLength(1);
    return { sale, event, letterId: rows[0].id as string };
  } finally {
    await sageProFaults({ refuse: false });
  }
}

async function sageProFaults(faults: Record<string, unknown>) {
  const admin = (request: ReturnType<typeof t.http.put>) => request.set('x-sandbox-admin-key', t.config.sandboxAdminKey).set('x-sandbox-tenant', tenant.tenantId);
  const res = await admin(t.http.put('/sandbox/sagepro/admin/faults')).send(faults);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  if (faults.refuse) expect((await admin(t.http.post('/sandbox/sagepro/admin/faults/cut')).send({})).status).toBe(200);
}

async function reviewRow(id: string) {
  const { rows } = await tenant.db.query('SELECT resolution, decision FROM manual_reviews WHERE id = $1', [id]);
  return rows[0] as { resolution: string | null; decision: unknown };
}

async function auditCount(action: string, eventId: string): Promise<number> {
  const { rows } = await tenant.db.query('SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = $2 AND target_id = $3', [tenant.tenantId, action, eventId]);
  return rows[0].n;
}

/** Makes every UPDATE of one inbox event fail (as a crash between the two changes would), until `lift`. */
async function refuseUpdatesOf(eventId: string) {
  const name = `refuse_${eventId.replaceAll('-', '')}`;
  await tenant.db.query(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the test refuses this update'; END $$`);
  await tenant.db.query(`CREATE TRIGGER ${name} BEFORE UPDATE ON inbox_events FOR EACH ROW WHEN (OLD.id = '${eventId}'::uuid) EXECUTE FUNCTION ${name}()`);
  return { lift: () => tenant.db.query(`DROP TRIGGER ${name} ON inbox_events; DROP FUNCTION ${name}()`) };
}

describe('resolving a manual review', () => {
  it('two operators at once with different decisions: one wins, the other gets CONFLICT naming the review, Sage Pro gets one receipt', async () => {
    const { sale, event, reviewId } = await paymentInReview(invoices[0].cents);
    const onAccountOf = invoices[1].custno;
    const [match, onAccount] = await Promise.all([
      asOperator(RESOLVE, { id: reviewId, i: { action: 'match_invoice', invno: invoices[0].invno } }),
      asOperator(RESOLVE, { id: reviewId, i: { action: 'post_on_account', custno: onAccountOf } }),
    ]);
    const answers = [match, onAccount];
    const winners = answers.filter((a) => !a.body.errors);
    const losers = answers.filter((a) => a.body.errors);
    expect(winners, JSON.stringify(answers.map((a) => a.body))).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const error = losers[0].body.errors![0];
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', id: reviewId });
    expect(error.message).toMatch(new RegExp(`^manual review ${reviewId} was already resolved \\((matched to invoice|posted on account of customer) .+ by ops@quarryworks\\.test at \\d{4}-`));

    const matchWon = winners[0] === match;
    const done = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    expect(done.id).toBe(event.id);
    const lines = await cashLinesOf(tenant, `PT${sale.transactionId}`);
    expect(lines).toHaveLength(1);
    if (matchWon) {
      expect(done.outcome).toMatchObject({ invno: invoices[0].invno });
      expect(lines[0]).toMatchObject({ invno: invoices[0].invno, cents: invoices[0].cents });
      expect((await reviewRow(reviewId)).resolution).toBe('matched');
    } else {
      expect(done.outcome).toMatchObject({ onAccount: onAccountOf });
      expect(lines[0]).toMatchObject({ custno: onAccountOf, cents: invoices[0].cents });
      expect((await reviewRow(reviewId)).resolution).toBe('on_account');
    }
    expect(await auditCount('manual_review.resolved', event.id)).toBe(1);
  });

  it('the same resolution twice (at once, then again once done) is answered the same and requeues nothing', async () => {
    const { sale, event, reviewId } = await paymentInReview(invoices[2].cents);
    const same = { id: reviewId, i: { action: 'match_invoice', invno: ` ${invoices[2].invno.toLowerCase()} ` } };
    const both = await Promise.all([asOperator(RESOLVE, same), asOperator(RESOLVE, { id: reviewId, i: { action: 'match_invoice', invno: invoices[2].invno } })]);
    for (const answer of both) expect(answer.body, JSON.stringify(answer.body)).toEqual({ data: { resolveManualReview: { id: reviewId, resolution: 'matched' } } });
    const done = await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');

    const again = await asOperator(RESOLVE, same);
    expect(again.body.data).toEqual({ resolveManualReview: { id: reviewId, resolution: 'matched' } });
    const [after] = await eventsOf(tenant, 'id = $2', [event.id]);
    expect(after).toMatchObject({ state: 'done', attempts: done.attempts });
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toEqual([{ invno: invoices[2].invno, custno: invoices[2].custno, cents: invoices[2].cents }]);
    expect(await auditCount('manual_review.resolved', event.id)).toBe(1);

    // Another decision now is a conflict that says what was done.
    const other = await asOperator(RESOLVE, { id: reviewId, i: { action: 'dismiss' } });
    expect(other.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`manual review ${reviewId} was already resolved (matched to invoice ${invoices[2].invno} by ops@quarryworks.test at `),
      extensions: { code: 'CONFLICT', id: reviewId },
    });
  });

  it('a failure between resolving the review and moving its event leaves both as they were', async () => {
    const { sale, event, reviewId } = await paymentInReview(invoices[3].cents);
    const refusal = await refuseUpdatesOf(event.id);
    try {
      const failed = await asOperator(RESOLVE, { id: reviewId, i: { action: 'match_invoice', invno: invoices[3].invno } });
      expect(failed.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await reviewRow(reviewId)).toEqual({ resolution: null, decision: null });
      expect((await eventsOf(tenant, 'id = $2', [event.id]))[0].state).toBe('manual_review');
      const dismissFailed = await asOperator(RESOLVE, { id: reviewId, i: { action: 'dismiss' } });
      expect(dismissFailed.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect((await reviewRow(reviewId)).resolution).toBeNull();
    } finally {
      await refusal.lift();
    }
    expect(await auditCount('manual_review.resolved', event.id)).toBe(0);
    // Still open, so it can be resolved once the fault is gone.
    expect((await asOperator(RESOLVE, { id: reviewId, i: { action: 'match_invoice', invno: invoices[3].invno } })).body.data.resolveManualReview.resolution).toBe('matched');
    await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toHaveLength(1);
  });

  it('a review of a payment voided in PayTrace cannot be posted, with the reason; it can be dismissed', async () => {
    const { sale, event, reviewId } = await paymentInReview(invoices[4].cents);
    await tenant.merchant.void(sale.transactionId);
    await tenant.poll();
    await eventually(async () => expect((await eventsOf(tenant, "payment_key = $2 AND type = 'payment.voided'", [`pt:${sale.transactionId}`])).length).toBe(1), 10_000);
    const today = new Date().toISOString().slice(0, 10);
    for (const i of [{ action: 'match_invoice', invno: invoices[4].invno }, { action: 'post_on_account', custno: invoices[4].custno }]) {
      const refused = await asOperator(RESOLVE, { id: reviewId, i });
      expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'action' });
      expect(refused.body.errors?.[0].message).toMatch(new RegExp(`^action: the payment was voided in PayTrace on (${today}|\\d{4}-\\d\\d-\\d\\d); nothing to post`));
    }
    expect(await reviewRow(reviewId)).toEqual({ resolution: null, decision: null });
    expect((await eventsOf(tenant, 'id = $2', [event.id]))[0].state).toBe('manual_review');

    expect((await asOperator(RESOLVE, { id: reviewId, i: { action: 'dismiss' } })).body.data.resolveManualReview.resolution).toBe('dismissed');
    expect((await eventsOf(tenant, 'id = $2', [event.id]))[0]).toMatchObject({ state: 'ignored', outcome: { ignored: 'dismissed in manual review' } });
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toEqual([]);
  });
});

describe('replaying a dead letter', () => {
  it('concurrent replays of one letter (by id, by id, and all): one requeue, one receipt; the others answer 0', async () => {
    const { sale, event, letterId } = await paymentDeadLettered(invoices[5]);
    const answers = await Promise.all([
      asOperator(REPLAY, { i: { ids: [letterId] } }),
      asOperator(REPLAY, { i: { ids: [letterId] } }),
      asOperator(REPLAY, { i: { all: true } }),
    ]);
    for (const answer of answers) expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
    expect(answers.map((a) => a.body.data.replayDeadLetters.replayed).sort()).toEqual([0, 0, 1]);
    await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toEqual([{ invno: invoices[5].invno, custno: invoices[5].custno, cents: invoices[5].cents }]);
    expect(await auditCount('dead_letters.replayed', event.id)).toBe(1);
    // Asked again once its event went on: nothing to do, still no error.
    expect((await asOperator(REPLAY, { i: { ids: [letterId] } })).body.data.replayDeadLetters.replayed).toBe(0);
  });

  it('a failure between marking the letter replayed and requeueing its event leaves both as they were', async () => {
    const { sale, event, letterId } = await paymentDeadLettered(invoices[6]);
    const refusal = await refuseUpdatesOf(event.id);
    try {
      for (const i of [{ ids: [letterId] }, { all: true }]) {
        const failed = await asOperator(REPLAY, { i });
        expect(failed.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
        const { rows } = await tenant.db.query('SELECT replayed_at FROM dead_letters WHERE id = $1', [letterId]);
        expect(rows).toEqual([{ replayed_at: null }]);
        expect((await eventsOf(tenant, 'id = $2', [event.id]))[0].state).toBe('dead');
      }
    } finally {
      await refusal.lift();
    }
    expect((await asOperator(REPLAY, { i: { ids: [letterId] } })).body.data.replayDeadLetters.replayed).toBe(1);
    await eventReaches(tenant, sale.transactionId, 'payment.approved', 'done');
    expect(await cashLinesOf(tenant, `PT${sale.transactionId}`)).toHaveLength(1);
  });

  it('a letter replayed whose event failed again is a CONFLICT naming it and the open letter', async () => {
    const { event, letterId } = await paymentDeadLettered({ invno: 'NO-SUCH-1', custno: '', cents: 4_321 });
    // As if the replay had been answered and the event had failed again: a second letter opens.
    await tenant.db.query('UPDATE dead_letters SET replayed_at = now() WHERE id = $1', [letterId]);
    const { rows } = await tenant.db.query(
      "INSERT INTO dead_letters (tenant_id, event_id, attempts, cause, error_code, reason) VALUES ($1, $2, 3, 'exhausted', 'unavailable', 'again') RETURNING id",
      [tenant.tenantId, event.id],
    );
    const stale = await asOperator(REPLAY, { i: { ids: [letterId] } });
    expect(stale.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(new RegExp(`^dead letter ${letterId} was already replayed at .+ failed again: replay dead letter ${rows[0].id}$`)),
      extensions: { code: 'CONFLICT', id: letterId, field: 'ids' },
    });
    expect((await asOperator(REPLAY, { i: { ids: [rows[0].id] } })).body.data.replayDeadLetters.replayed).toBe(1);
  });
});

describe('events left stuck by the earlier, three-transaction actions', () => {
  it('get their review or dead letter reopened by the migration, and can then be resolved and replayed', async () => {
    const review = await paymentInReview(invoices[7].cents + 1);
    const dead = await paymentDeadLettered(invoices[7]);
    // What a crash between the old separate transactions left: resolved / replayed, event not moved.
    await tenant.db.query("UPDATE manual_reviews SET resolution = 'matched', resolved_at = now() WHERE id = $1", [review.reviewId]);
    await tenant.db.query('UPDATE dead_letters SET replayed_at = now() WHERE id = $1', [dead.letterId]);
    const before = await tenant.db.query("SELECT count(*)::int AS n FROM manual_reviews WHERE resolution IS NOT NULL");

    await tenant.db.query(readFileSync(new URL('../../prisma/migrations/20261207060001_reopen_split_operator_actions/migration.sql', import.meta.url), 'utf8'));

    expect(await reviewRow(review.reviewId)).toEqual({ resolution: null, decision: null });
    expect((await tenant.db.query('SELECT replayed_at FROM dead_letters WHERE id = $1', [dead.letterId])).rows).toEqual([{ replayed_at: null }]);
    // Reviews resolved as they should have been are left alone.
    expect((await tenant.db.query("SELECT count(*)::int AS n FROM manual_reviews WHERE resolution IS NOT NULL")).rows[0].n).toBe(before.rows[0].n - 1);

    expect((await asOperator(RESOLVE, { id: review.reviewId, i: { action: 'dismiss' } })).body.data.resolveManualReview.resolution).toBe('dismissed');
    expect((await asOperator(REPLAY, { i: { ids: [dead.letterId] } })).body.data.replayDeadLetters.replayed).toBe(1);
    await eventReaches(tenant, dead.sale.transactionId, 'payment.approved', 'done');
    expect(await cashLinesOf(tenant, `PT${dead.sale.transactionId}`)).toHaveLength(1);
  });
});
