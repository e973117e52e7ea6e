/**
 * Payment events for reliability tests, put straight into a tenant's inbox (as a partner's signed
 * webhook would, source 'partner'), and what the databases say about them afterwards: inbox states,
 * ARCASH lines per Settle reference, sync effects.
 */
import type { PaymentEvent } from '../../backend/src/pipeline/events/settle-event.js';
import { InboxService } from '../../backend/src/pipeline/inbox/inbox.service.js';
import type { InboxEntry } from '../../backend/src/pipeline/inbox/inbox-entry.js';
import type { PipelineTenant } from '../pipeline/pipeline-harness.js';
import type { TestApp } from '../support/app.js';

export function approvedPayment(transactionId: string, amountMinor: number, documentNumber: string): PaymentEvent {
  return { type: 'payment.approved', transactionId, amountMinor, currency: 'USD', occurredAt: new Date().toISOString(), method: 'card', documentNumber };
}

export function partnerEntry(tenant: PipelineTenant, event: PaymentEvent, externalId = `evt-${event.transactionId}`): InboxEntry {
  return { source: 'partner', externalId, integrationId: tenant.integrationId, event, payload: { type: event.type, data: event } };
}

/** Accepts the events through InboxService.accept in chunks; returns how many were newly stored. */
export async function acceptAll(t: TestApp, tenant: PipelineTenant, events: PaymentEvent[], chunk = 1_000): Promise<number> {
  const inbox = t.app.get(InboxService);
  let accepted = 0;
  for (let at = 0; at < events.length; at += chunk) {
    const result = await inbox.accept(tenant.tenantId, events.slice(at, at + chunk).map((event) => partnerEntry(tenant, event)));
    accepted += result.accepted.length;
  }
  return accepted;
}

export interface RoomyInvoice {
  invno: string;
  custno: string;
  cents: number;
}

/**
 * Open invoices (not void, no payment yet, customer neither locked nor on hold, reference blank)
 * whose balance is at least `minCents`, so that several small partial payments fit on each.
 */
export async function invoicesWithRoom(tenant: PipelineTenant, count: number, minCents: number): Promise<RoomyInvoice[]> {
  const { rows } = await tenant.company.query<RoomyInvoice>(
    `SELECT trim(a.invno) AS invno, trim(a.custno) AS custno, round(a.balance * 100)::int AS cents
       FROM pro01.armast a JOIN pro01.arcust c ON c.custno = a.custno
      WHERE a.arstat = '' AND a.artype = '' AND a.paidamt = 0 AND a.balance * 100 >= $2 AND c.lckstat = '' AND c.credstat <> 'H'
        AND trim(a.refno) = '' AND a.currid IN ('', 'USD')
      ORDER BY a.invno LIMIT $1`,
    [count, minCents],
  );
  return rows;
}

/** Balance in cents of each invoice named. */
export async function balances(tenant: PipelineTenant, invnos: string[]): Promise<Map<string, number>> {
  const { rows } = await tenant.company.query<{ invno: string; cents: number }>(
    `SELECT trim(invno) AS invno, round(balance * 100)::int AS cents FROM pro01.armast WHERE trim(invno) = ANY($1::text[])`,
    [invnos],
  );
  return new Map(rows.map((row) => [row.invno, row.cents]));
}

/** How many of the tenant's events are in each state, e.g. { done: 300 }. */
export async function stateCounts(tenant: PipelineTenant): Promise<Record<string, number>> {
  const { rows } = await tenant.db.query<{ state: string; n: number }>('SELECT state::text, count(*)::int AS n FROM inbox_events WHERE tenant_id = $1 GROUP BY 1', [tenant.tenantId]);
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

/** ARCASH lines per Settle payment reference ('PT…') in the tenant's Sage Pro company. */
export async function cashLinesPerReference(tenant: PipelineTenant): Promise<Map<string, number>> {
  const { rows } = await tenant.company.query<{ ref: string; n: number }>(`SELECT trim(refno) AS ref, count(*)::int AS n FROM pro01.arcash WHERE refno LIKE 'PT%' GROUP BY 1`);
  return new Map(rows.map((row) => [row.ref, row.n]));
}

/** The tenant's receipt effects: how many, and over how many distinct events and references. */
export async function receiptEffects(tenant: PipelineTenant): Promise<{ total: number; events: number; references: number; alreadyApplied: number }> {
  const { rows } = await tenant.db.query(
    `SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS events, count(DISTINCT reference)::int AS references,
            count(*) FILTER (WHERE write_outcome = 'AlreadyApplied')::int AS "alreadyApplied"
       FROM sync_effects WHERE tenant_id = $1 AND kind = 'receipt'`,
    [tenant.tenantId],
  );
  return rows[0];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
