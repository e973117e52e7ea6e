/**
 * A tenant wired end to end for pipeline tests: a PayTrace sandbox connection (polled by hand), the
 * sandbox Sage Pro company, and an integration pairing them. Reads the inbox, effects and the Sage Pro
 * company's own tables straight from the databases.
 */
import pg from 'pg';
import { expect } from 'vitest';
import { ChangeFeedService } from '../../backend/src/paytrace/change-feed/change-feed.service.js';
import type { EventSource, SettleEvent } from '../../backend/src/pipeline/events/settle-event.js';
import type { AcceptResult } from '../../backend/src/pipeline/inbox/inbox-entry.js';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import { withDatabase } from '../../backend/src/platform/database/urls.js';
import { sageProSandboxDatabase } from '../../backend/src/sandbox/sandbox.service.js';
import type { TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { type PayTraceMerchant, sandboxMerchantOf } from '../support/paytrace-merchant.js';

export interface PipelineTenant {
  token: string;
  tenantId: string;
  payTraceConnectionId: string;
  sageProConnectionId: string;
  integrationId: string;
  merchant: PayTraceMerchant;
  /** The platform database as its owner (sees every tenant). */
  db: pg.Pool;
  /** The tenant's sandbox Sage Pro company database. */
  company: pg.Pool;
  gql(query: string, variables?: Record<string, unknown>): Promise<any>;
  poll(): Promise<unknown>;
  /**
   * Stores events in the inbox as a verified delivery of `source` is stored, for the integration; in one
   * statement, so one drain claims them together.
   */
  accept(source: EventSource, ...events: { externalId: string; event: SettleEvent }[]): Promise<AcceptResult>;
  close(): Promise<void>;
}

export async function pipelineTenant(t: TestApp, name: string, integration: Record<string, unknown> = {}): Promise<PipelineTenant> {
  const slug = name.toLowerCase().replace(/[^a-z]/g, '');
  const signUp = await t.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', {
    i: { companyName: name, email: `ops@${slug}.test`, password: `${slug}-pass-123` },
  });
  expect(signUp.body.errors, JSON.stringify(signUp.body.errors)).toBeUndefined();
  const owner = { token: signUp.body.data.signUp.accessToken as string, tenantId: signUp.body.data.signUp.me.tenant.id as string };
  return wireTenant(t, owner, { name: `${name} sync`, ...integration });
}

/** Wires a tenant that already exists (signed up through the portal, say), as its owner. */
export async function wireTenant(t: TestApp, { token, tenantId }: { token: string; tenantId: string }, integration: Record<string, unknown> & { name: string }): Promise<PipelineTenant> {
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await t.gql(query, variables, { token });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data;
  };
  const paytrace = (await gql('mutation { createPayTraceConnection(input: { environment: sandbox, pollIntervalSeconds: 3600, rateLimitPerMinute: 6000 }) { id } }')).createPayTraceConnection.id;
  const sagepro = (await gql('mutation { createSageProConnection(input: { edition: sandbox }) { id } }')).createSageProConnection.id;
  // The sandbox company is installed on first use: the connection test uses it.
  expect((await gql('mutation($id: ID!) { testSageProConnection(id: $id) { status } }', { id: sagepro })).testSageProConnection.status).toBe('ok');
  const created = await gql('mutation($i: CreateIntegrationInput!) { createIntegration(input: $i) { id } }', {
    i: { payTraceConnectionId: paytrace, sageProConnectionId: sagepro, ...integration },
  });
  const db = new pg.Pool({ connectionString: t.db.adminUrl, max: 3 });
  const company = new pg.Pool({ connectionString: withDatabase(t.db.adminUrl, sageProSandboxDatabase(t.config.SAGEPRO_SANDBOX_DATABASE, tenantId)), max: 3 });
  return {
    token,
    tenantId,
    payTraceConnectionId: paytrace,
    sageProConnectionId: sagepro,
    integrationId: created.createIntegration.id,
    merchant: await sandboxMerchantOf(t, tenantId, paytrace),
    db,
    company,
    gql,
    poll: () => t.app.get(ChangeFeedService).poll(tenantId, paytrace),
    accept: (source, ...events) =>
      t.app.get(InboxService).accept(tenantId, events.map(({ externalId, event }) => ({ source, externalId, integrationId: created.createIntegration.id, event, payload: event }))),
    close: async () => {
      await db.end();
      await company.end();
    },
  };
}

export interface EventRow {
  id: string;
  type: string;
  state: string;
  attempts: number;
  outcome: any;
  last_error: string | null;
  document_number: string | null;
  payment_key: string | null;
}

export async function eventsOf(tenant: PipelineTenant, where = 'true', params: unknown[] = []): Promise<EventRow[]> {
  const { rows } = await tenant.db.query<EventRow>(
    `SELECT id, type, state, attempts, outcome, last_error, document_number, payment_key FROM inbox_events WHERE tenant_id = $1 AND ${where} ORDER BY received_at`,
    [tenant.tenantId, ...params],
  );
  return rows;
}

/** Waits until the event of the payment (and type) reaches `state`. */
export async function eventReaches(tenant: PipelineTenant, transactionId: number | string, type: string, state: string, timeoutMs = 15_000): Promise<EventRow> {
  let found: EventRow | undefined;
  await eventually(async () => {
    [found] = await eventsOf(tenant, 'payment_key = $2 AND type = $3', [`pt:${transactionId}`, type]);
    expect(found?.state, JSON.stringify(found)).toBe(state);
  }, timeoutMs);
  return found!;
}

/** ARCASH lines Settle wrote under a reference, as the Sage Pro company holds them. */
export async function cashLinesOf(tenant: PipelineTenant, reference: string) {
  const { rows } = await tenant.company.query(
    `SELECT trim(invno) AS invno, trim(custno) AS custno, round(paidamt * 100)::int AS cents FROM pro01.arcash WHERE trim(refno) = $1 ORDER BY id_col`,
    [reference],
  );
  return rows as { invno: string; custno: string; cents: number }[];
}

export async function invoiceRow(tenant: PipelineTenant, invno: string) {
  const { rows } = await tenant.company.query(`SELECT balance::text, paidamt::text, trim(refno) AS refno, trim(ornum) AS ornum FROM pro01.armast WHERE trim(invno) = $1`, [invno]);
  return rows[0] as { balance: string; paidamt: string; refno: string; ornum: string };
}

export interface OpenInvoice {
  invno: string;
  custno: string;
  cents: number;
}

/** Open invoices with no payment yet, of customers Settle may post to; each test takes its own. */
export function freshInvoices(tenant: Pick<PipelineTenant, 'company'>, count: number): Promise<OpenInvoice[]> {
  return unpaidInvoices(tenant.company, `c.credstat <> 'H' AND a.balance < 5000`, count);
}

/** Open invoices with no payment yet, of customers on credit hold: Sage Pro refuses payments on them. */
export function heldInvoices(company: pg.Pool, count: number): Promise<OpenInvoice[]> {
  return unpaidInvoices(company, `c.credstat = 'H'`, count);
}

async function unpaidInvoices(company: pg.Pool, condition: string, count: number): Promise<OpenInvoice[]> {
  const { rows } = await company.query<OpenInvoice>(
    `SELECT trim(a.invno) AS invno, trim(a.custno) AS custno, round(a.balance * 100)::int AS cents
       FROM pro01.armast a JOIN pro01.arcust c ON c.custno = a.custno
      WHERE a.arstat = '' AND a.artype = '' AND a.paidamt = 0 AND a.balance > 0 AND c.lckstat = '' AND trim(a.refno) = ''
        AND ${condition}
      ORDER BY a.invno LIMIT $1`,
    [count],
  );
  return rows;
}
