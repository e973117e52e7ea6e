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
import { type PhaseResult, runWriters, warmPool } from './writers.js';

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
