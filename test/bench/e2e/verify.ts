/**
 * Exactly once, checked outside the clock from both sides: the Sage Pro company (one ARCASH line per
 * PT<id>, every invoice paid in full, every AR session balanced) and Settle's database (every event
 * done, one receipt effect per reference).
 */
import pg from 'pg';
import type { E2eWorkload } from './invoices.js';

export interface ExactlyOnce {
  ok: boolean;
  checks: string[];
  problems: string[];
  /** Attempts beyond the first, summed over the events (transient failures retried). */
  retries: number;
}

export async function verifyExactlyOnce(settleUrl: string, companyUrl: string, tenantId: string, workload: E2eWorkload, sageProConnectionId: string): Promise<ExactlyOnce> {
  const refs = workload.payments.map((payment) => payment.reference);
  const invnos = workload.invoices.map((invoice) => String(invoice.invno));
  const n = refs.length;
  const problems: string[] = [];
  const checks: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (String(actual) === String(expected)) checks.push(`${what}: ${actual}`);
    else problems.push(`${what}: ${actual}, expected ${expected}`);
  };
  const company = new pg.Pool({ connectionString: companyUrl, max: 1 });
  const settle = new pg.Pool({ connectionString: settleUrl, max: 1 });
  try {
    const { rows: [cash] } = await company.query(
      `SELECT count(*) AS lines, count(DISTINCT trim(refno)) AS refs FROM pro01.arcash WHERE trim(refno) = ANY($1)`, [refs]);
    expect('ARCASH lines with the payments\' PT references', cash.lines, n);
    expect('distinct PT references in ARCASH', cash.refs, n);
    const { rows: [extra] } = await company.query(`SELECT count(*) AS n FROM pro01.arcash WHERE trim(refno) LIKE 'PT%' AND NOT (trim(refno) = ANY($1))`, [refs]);
    expect('other PT lines in ARCASH', extra.n, 0);
    const { rows: wrong } = await company.query(
      `SELECT trim(refno) AS refno FROM pro01.arcash WHERE trim(refno) = ANY($1) GROUP BY trim(refno) HAVING count(*) <> 1 LIMIT 5`, [refs]);
    expect('references with other than one ARCASH line', wrong.map((row) => row.refno).join(' ') || 'none', 'none');
    const { rows: [paid] } = await company.query(
      `SELECT count(*) FILTER (WHERE balance = 0 AND paidamt = invamt) AS paid, count(*) AS total FROM pro01.armast WHERE trim(invno) = ANY($1)`, [invnos]);
    expect('invoices paid in full', `${paid.paid} of ${paid.total}`, `${n} of ${n}`);
    const { rows: sessions } = await company.query(`SELECT trim(arsess) AS arsess FROM pro01.ardist GROUP BY arsess HAVING sum(amount) <> 0 LIMIT 5`);
    expect('AR sessions that do not balance', sessions.map((row) => row.arsess).join(' ') || 'none', 'none');

    const { rows: states } = await settle.query(`SELECT state, count(*)::int AS n, sum(attempts - 1)::int AS retries FROM inbox_events WHERE tenant_id = $1 GROUP BY state ORDER BY state`, [tenantId]);
    expect('inbox events by state', states.map((row) => `${row.state} ${row.n}`).join(', '), `done ${n}`);
    const { rows: [effects] } = await settle.query(
      `SELECT count(*) AS effects, count(DISTINCT reference) AS refs FROM sync_effects WHERE tenant_id = $1 AND sagepro_connection_id = $2 AND kind = 'receipt'`, [tenantId, sageProConnectionId]);
    expect('receipt effects', effects.effects, n);
    expect('distinct references of receipt effects', effects.refs, n);
    return { ok: problems.length === 0, checks, problems, retries: states.reduce((sum, row) => sum + (row.retries ?? 0), 0) };
  } finally {
    await company.end();
    await settle.end();
  }
}
