/**
 * Runs a history through the real pipeline and reads what Sage Pro holds afterwards. Events arrive the
 * way a partner sends them: signed Standard Webhooks deliveries to a `settle_events` endpoint, with
 * their webhook-ids (so the history controls order and repeats). Faults are the sandboxes' own: the
 * Sage Pro company's TCP proxy (refuse + cut) and its read-only switch; the operator's moves go
 * through GraphQL (pause/resume, replay, resolve).
 *
 * After the commands the system is *settled*: faults end, the integration resumes, held-back events
 * are delivered, then — until nothing is open — dead letters are replayed and reviews resolved the
 * way the model says (a sale of an unknown document by its plan, any other sale by its own invoice, a
 * reversal by sending it through again, at the last round dismissed).
 */
import { Webhook } from 'standardwebhooks';
import { enterInvoice } from '../../backend/src/demo/demo-company.js';
import type { PipelineTenant } from '../pipeline/pipeline-harness.js';
import type { TestApp } from '../support/app.js';
import type { Command, History, HistoryEvent, Invoice } from './history.js';
import { allReferences, type ObservedLedger } from './reference-model.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pipeline timings that make retries, dead letters and waits take a fraction of a second. */
export const MODEL_PIPELINE_ENV = {
  PIPELINE_SWEEP_MS: '100',
  PIPELINE_RETRY_BASE_MS: '50',
  PIPELINE_RETRY_MAX_MS: '150',
  PIPELINE_MAX_ATTEMPTS: '2',
  PIPELINE_WAIT_FOR_SALE_SECONDS: '1',
};

/** What a runner adds to the driver (pipeline-model-crashes: worker kills). */
export interface RunHooks {
  /** Carries out a command kind the driver does not know (e.g. `kill`). */
  command?(command: Command): Promise<void>;
  /** Right after each delivery. */
  delivered?(event: HistoryEvent): Promise<void>;
}

export class PipelineDriver {
  /** How long a wait for the history's events to settle may take (worker restarts need longer). */
  quiesceTimeoutMs = 8_000;
  private hooks: RunHooks = {};
  private secret = '';
  private path = '';
  private deliveries = 0;
  private transactions = 0;

  constructor(
    private readonly t: TestApp,
    private readonly tenant: PipelineTenant,
    /** Makes transaction ids of this driver distinct from any other file's. */
    private readonly transactionBase = 710_000_000,
  ) {}

  async start(): Promise<void> {
    const created = await this.tenant.gql('mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: settle_events, name: "Model partner" }) { secret url } }', { i: this.tenant.integrationId });
    this.secret = created.createWebhookEndpoint.secret;
    this.path = new URL(created.createWebhookEndpoint.url).pathname;
  }

  nextTransactionId = (): string => String(this.transactionBase + ++this.transactions);

  /** Fresh invoices entered today in the sandbox company, so every history starts from open ones. */
  async enterInvoices(count: number): Promise<Invoice[]> {
    const today = new Date().toISOString().slice(0, 10);
    const invoices: Invoice[] = [];
    while (invoices.length < count) {
      const issued = await enterInvoice(this.tenant.company, 'pro01', '01', today);
      if (!issued) throw new Error('the sandbox company could not enter an invoice');
      invoices.push({ name: `I${invoices.length + 1}`, invno: issued.invno, custno: issued.custno, cents: issued.cents });
    }
    return invoices;
  }

  /** Runs the commands, settles, and reads what the company holds. */
  async run(history: History, hooks: RunHooks = {}): Promise<ObservedLedger> {
    this.hooks = hooks;
    const keys = history.payments.flatMap((p) => [`pt:${p.transactionId}`]);
    const eventKeys = new Set(keys);
    for (const c of history.commands) if (c.k === 'deliver') eventKeys.add(`pt:${c.event.transactionId}`);
    const scope = [...eventKeys];
    // A poisoned payment's dead letter is never replayed: it would only kill workers again.
    const poisoned = new Set(history.payments.filter((p) => p.poisoned).map((p) => `pt:${p.transactionId}`));
    const replayable = scope.filter((key) => !poisoned.has(key));
    const held: HistoryEvent[] = [];
    const ids = new Map<string, string>();
    for (const c of history.commands) {
      switch (c.k) {
        case 'deliver':
          if (c.held) held.push(c.event);
          else await this.deliver(c.event, ids);
          break;
        case 'duplicate':
          await this.deliver(c.event, ids, c.sameId ? 'same' : 'new');
          break;
        case 'release':
          while (held.length) await this.deliver(held.pop()!, ids);
          break;
        case 'outage':
          if (!c.on) await this.quiesce(scope, false);
          await this.outage(c.on);
          break;
        case 'read_only':
          if (!c.on) await this.quiesce(scope, false);
          await this.readOnly(c.on);
          break;
        case 'pause':
          if (!c.on) await this.quiesce(scope, false);
          await this.tenant.gql('mutation($id: ID!, $on: Boolean!) { updateIntegration(id: $id, input: { enabled: $on }) { id } }', { id: this.tenant.integrationId, on: !c.on });
          break;
        case 'replay':
          await this.replay(replayable);
          break;
        case 'resolve':
          await this.quiesce(scope, false);
          await this.resolveReviews(history, scope, false);
          break;
        case 'quiesce':
          await this.quiesce(scope, false);
          break;
        default:
          if (!hooks.command) throw new Error(`no runner for command ${c.k}`);
          await hooks.command(c);
      }
    }
    await this.settle(history, scope, held, ids, replayable);
    return this.observe(history, scope);
  }

  /** Ends every fault and recovery in the order an operator would, until nothing is left open. */
  private async settle(history: History, scope: string[], held: HistoryEvent[], ids: Map<string, string>, replayable: string[]): Promise<void> {
    await this.outage(false);
    await this.readOnly(false);
    await this.tenant.gql('mutation($id: ID!) { updateIntegration(id: $id, input: { enabled: true }) { id } }', { id: this.tenant.integrationId });
    while (held.length) await this.deliver(held.pop()!, ids);
    const rounds = 5;
    for (let round = 1; round <= rounds; round++) {
      await this.quiesce(scope, true);
      const replayed = await this.replay(replayable);
      if (replayed) await this.quiesce(scope, false);
      const resolved = await this.resolveReviews(history, scope, round >= rounds - 1);
      if (!replayed && !resolved) return;
    }
    await this.quiesce(scope, true);
  }

  private async deliver(event: HistoryEvent, ids: Map<string, string>, repeat?: 'same' | 'new'): Promise<void> {
    const id = repeat === 'same' && ids.get(event.name) ? ids.get(event.name)! : `model-${this.transactionBase}-${++this.deliveries}`;
    if (!ids.has(event.name)) ids.set(event.name, id);
    const body = JSON.stringify({
      type: event.type,
      data: {
        transaction_id: event.transactionId,
        ...(event.originalTransactionId ? { original_transaction_id: event.originalTransactionId } : {}),
        amount: { minor: event.cents, currency: 'USD' },
        occurred_at: new Date().toISOString(),
        invoice_number: event.documentNumber,
        ...(event.type === 'payment.declined' || event.type === 'payment.charged_back' ? { reason: 'model' } : {}),
      },
    });
    const at = new Date();
    const res = await this.t.http
      .post(this.path)
      .set('content-type', 'application/json')
      .set('webhook-id', id)
      .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
      .set('webhook-signature', new Webhook(this.secret).sign(id, at, body))
      .send(body);
    if (res.status !== 202 && res.status !== 200) throw new Error(`webhook delivery of ${event.name} answered ${res.status}: ${JSON.stringify(res.body)}`);
    await this.hooks.delivered?.(event);
  }

  private admin(method: 'put' | 'post', path: string, body: unknown) {
    return this.t.http[method](`/sandbox/sagepro/admin${path}`).set('x-sandbox-admin-key', this.t.config.sandboxAdminKey).set('x-sandbox-tenant', this.tenant.tenantId).send(body as object);
  }

  private async outage(on: boolean): Promise<void> {
    const res = await this.admin('put', '/faults', { refuse: on });
    if (res.status !== 200) throw new Error(`sandbox faults answered ${res.status}`);
    if (on) await this.admin('post', '/faults/cut', {});
  }

  private async readOnly(on: boolean): Promise<void> {
    const res = await this.admin('put', '/companies/01/read-only', { read_only: on });
    if (res.status !== 200) throw new Error(`sandbox read-only answered ${res.status}: ${JSON.stringify(res.body)}`);
  }

  /** Waits until none of the history's events is queued or processing (and, with `waiting`, waiting). */
  private async quiesce(scope: string[], waiting: boolean, timeoutMs = this.quiesceTimeoutMs): Promise<void> {
    const states = waiting ? ['queued', 'processing', 'waiting'] : ['queued', 'processing'];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await this.tenant.db.query('SELECT count(*)::int AS n FROM inbox_events WHERE tenant_id = $1 AND payment_key = ANY($2) AND state::text = ANY($3)', [this.tenant.tenantId, scope, states]);
      if (rows[0].n === 0) return;
      await sleep(50);
    }
  }

  /** Replays the history's open dead letters (as the portal's Replay selected does); how many. */
  private async replay(scope: string[]): Promise<number> {
    const { rows } = await this.tenant.db.query(
      `SELECT d.id FROM dead_letters d JOIN inbox_events e ON e.id = d.event_id WHERE d.tenant_id = $1 AND d.replayed_at IS NULL AND e.payment_key = ANY($2)`,
      [this.tenant.tenantId, scope],
    );
    if (!rows.length) return 0;
    await this.tenant.gql('mutation($ids: [ID!]) { replayDeadLetters(input: { ids: $ids }) { replayed } }', { ids: rows.map((r) => r.id) });
    return rows.length;
  }

  /** Resolves the history's open reviews as the model says; how many. */
  private async resolveReviews(history: History, scope: string[], lastRound: boolean): Promise<number> {
    const { rows } = await this.tenant.db.query(
      `SELECT r.id, e.type::text AS type, e.payment_key FROM manual_reviews r JOIN inbox_events e ON e.id = r.event_id
        WHERE r.tenant_id = $1 AND r.resolution IS NULL AND e.payment_key = ANY($2) ORDER BY r.created_at`,
      [this.tenant.tenantId, scope],
    );
    const invnoOf = (name: string) => history.invoices.find((i) => i.name === name)!.invno;
    const mutation = 'mutation($id: ID!, $i: ResolveManualReviewInput!) { resolveManualReview(id: $id, input: $i) { id } }';
    for (const review of rows) {
      const transactionId = String(review.payment_key).replace(/^pt:/, '');
      const payment = history.payments.find((p) => p.transactionId === transactionId)
        ?? history.payments.find((p) => history.commands.some((c) => c.k === 'deliver' && c.event.transactionId === transactionId && c.event.payment === p.name));
      // What the model says, most precise first; a resolution Settle refuses (a voided payment, an
      // action that does not fit the event, an API without it) falls to the next, the last is dismiss.
      const tries: Record<string, string>[] = [];
      if (payment && review.type === 'payment.approved') {
        if (payment.invoice) tries.push({ action: 'match_invoice', invno: invnoOf(payment.invoice) });
        else if (payment.plan?.action === 'match') tries.push({ action: 'match_invoice', invno: invnoOf(payment.plan.invoice) });
        else if (payment.plan?.action === 'on_account') tries.push({ action: 'post_on_account', custno: payment.plan.custno });
      } else if (payment && !lastRound) {
        // A reversal that found no receipt, or not one alone: the receipt of its own payment; or, where
        // that action does not exist, sent through again (its decision ignores the invoice).
        tries.push({ action: 'reverse_receipt', receiptReference: `PT${payment.transactionId}` }, { action: 'match_invoice', invno: history.invoices[0].invno });
      }
      // A reversal whose receipt may still come is left open until the last rounds.
      if (review.type === 'payment.approved' || lastRound || !payment) tries.push({ action: 'dismiss' });
      for (const input of tries) {
        const res = await this.t.gql(mutation, { id: review.id, i: input }, { token: this.tenant.token });
        if (!res.body.errors) break;
      }
    }
    return rows.length;
  }

  private async observe(history: History, scope: string[]): Promise<ObservedLedger> {
    const references = allReferences(history);
    const { rows: cash } = await this.tenant.company.query(
      `SELECT trim(refno) AS refno, trim(invno) AS invno, trim(custno) AS custno, round(paidamt * 100)::int AS cents FROM pro01.arcash WHERE trim(refno) = ANY($1) ORDER BY id_col`,
      [references],
    );
    const lines = new Map<string, { invno: string; custno: string; cents: number }[]>();
    for (const { refno, ...line } of cash) lines.set(refno, [...(lines.get(refno) ?? []), line]);
    const { rows: balances } = await this.tenant.company.query(
      `SELECT trim(invno) AS invno, round(balance * 100)::int AS cents FROM pro01.armast WHERE trim(invno) = ANY($1)`,
      [history.invoices.map((i) => i.invno)],
    );
    const { rows: sessions } = await this.tenant.company.query(
      `SELECT trim(arsess) AS arsess FROM pro01.ardist WHERE arsess IN (SELECT arsess FROM pro01.arcash WHERE trim(refno) = ANY($1))
        GROUP BY arsess HAVING round(sum(amount) * 100) <> 0`,
      [references],
    );
    const { rows: unsettled } = await this.tenant.db.query(
      `SELECT type::text AS type, state::text AS state, replace(payment_key, 'pt:', '') AS "transactionId" FROM inbox_events
        WHERE tenant_id = $1 AND payment_key = ANY($2) AND state::text IN ('queued', 'processing', 'waiting')`,
      [this.tenant.tenantId, scope],
    );
    // Where each of the history's events ended, to read a failure by (not compared).
    const { rows: events } = await this.tenant.db.query(
      `SELECT type::text AS type, state::text AS state, replace(payment_key, 'pt:', '') AS "transactionId", outcome FROM inbox_events
        WHERE tenant_id = $1 AND payment_key = ANY($2) ORDER BY received_at`,
      [this.tenant.tenantId, scope],
    );
    return { lines, balances: new Map(balances.map((b) => [b.invno, b.cents])), unbalancedSessions: sessions.map((s) => s.arsess), unsettled, events };
  }
}
