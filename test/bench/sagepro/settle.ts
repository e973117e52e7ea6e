/**
 * Phase 1, Settle: every receipt through the connector's real code, KyselySageProCompany over
 * PostgresDialect (as test/sagepro/company-contract.e2e.spec.ts builds it), one pool of `writers`
 * connections; each applyPaymentToInvoice is its own transaction on one of them.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { SageProDatabase } from '../../../backend/src/sagepro/database.js';
import { TransientSageProError } from '../../../backend/src/sagepro/errors.js';
import { KyselySageProCompany } from '../../../backend/src/sagepro/kysely-company.js';
import type { SageProConnectionInput } from '../../../backend/src/sagepro/options.js';
import { GL } from '../../../backend/src/sandbox/sagepro/seed-data.js';
import type { StatementRecorder } from './profile.js';
import { AS_OF, COMPANY, SYSTEM, type Workload } from './workload.js';
import { type PhaseResult, runBatchWriters, runWriters, warmPool } from './writers.js';

export const TIME_ZONE = 'America/Chicago';

export const CONNECTION: SageProConnectionInput = {
  dialect: 'postgres',
  compid: '01',
  tables: { company: [COMPANY], system: [SYSTEM] },
  user: 'STL',
  timeZone: TIME_ZONE,
  gl: { cash: GL.cardClearing, receivables: GL.receivables, discounts: GL.discounts, refunds: GL.refunds, chargebacks: GL.chargebacks },
};

/** As a pipeline worker would: a Transient failure is retried; anything else ends the run. */
const MAX_RETRIES = 5;

export interface SettleResult extends PhaseResult {
  outcomes: { Applied: number; AlreadyApplied: number };
}

export async function runSettle(url: string, workload: Workload, count: number, writers: number, postmasterPid?: number, recorder?: StatementRecorder): Promise<SettleResult> {
  const pool = new pg.Pool({ connectionString: url, max: writers });
  await warmPool(pool, writers);
  const db = new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool: recorder ? recorder.wrap(pool) : pool }) });
  const company = new KyselySageProCompany(db, CONNECTION);
  const outcomes = { Applied: 0, AlreadyApplied: 0 };
  try {
    const result = await runWriters(count, writers, postmasterPid, async (i) => {
      const receipt = workload.receipts[i];
      const payment = { reference: receipt.reference, amountCents: receipt.amountCents, date: AS_OF, currency: 'USD' };
      for (let attempt = 0; ; attempt += 1) {
        try {
          const outcome = await company.applyPaymentToInvoice(String(receipt.invoice.invno), payment);
          outcomes[outcome.kind] += 1;
          return attempt;
        } catch (error) {
          if (!(error instanceof TransientSageProError) || attempt >= MAX_RETRIES) throw error;
        }
      }
    });
    return { ...result, outcomes };
  } finally {
    await db.destroy(); // ends the pool
  }
}

/**
 * Phase 1b, Settle batched: the same receipts through applyPaymentsToInvoices, each writer taking the
 * next `batchSize` receipts as one batch (one transaction). Items answered with a Transient error are
 * sent again (in a batch of their own); any other failure ends the run.
 */
export async function runSettleBatched(
  url: string, workload: Workload, count: number, writers: number, batchSize: number, postmasterPid?: number, recorder?: StatementRecorder,
): Promise<SettleResult> {
  const pool = new pg.Pool({ connectionString: url, max: writers });
  await warmPool(pool, writers);
  const db = new Kysely<SageProDatabase>({ dialect: new PostgresDialect({ pool: recorder ? recorder.wrap(pool) : pool }) });
  const company = new KyselySageProCompany(db, CONNECTION);
  const outcomes = { Applied: 0, AlreadyApplied: 0 };
  try {
    const result = await runBatchWriters(count, writers, batchSize, postmasterPid, async (indices) => {
      let pending = indices;
      for (let attempt = 0; ; attempt += 1) {
        const batch = pending.map((i) => {
          const receipt = workload.receipts[i];
          return { invno: String(receipt.invoice.invno), payment: { reference: receipt.reference, amountCents: receipt.amountCents, date: AS_OF, currency: 'USD' } };
        });
        const answers = await company.applyPaymentsToInvoices(batch);
        const again: number[] = [];
        answers.forEach((answer, k) => {
          if (answer.kind !== 'Failed') outcomes[answer.kind] += 1;
          else if (answer.error instanceof TransientSageProError && attempt < MAX_RETRIES) again.push(pending[k]);
          else throw answer.error;
        });
        if (!again.length) return attempt;
        pending = again;
      }
    });
    return { ...result, outcomes };
  } finally {
    await db.destroy(); // ends the pool
  }
}
