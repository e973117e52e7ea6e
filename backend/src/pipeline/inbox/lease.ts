import type pg from 'pg';
import { inTenantTransaction } from '../../platform/database/pg-transaction.js';

/** An event as a drain claimed it: its id and the attempt that claim made. */
export interface LeaseClaim {
  id: string;
  attempt: number;
}

// Only rows still `processing` at the claimed attempt: a row whose lease already ran out and that
// another drain took again (attempts + 1), or that is finished, belongs to someone else now.
const RENEW = `
UPDATE inbox_events e SET lease_until = now() + make_interval(secs => $3)
FROM unnest($1::uuid[], $2::int[]) AS claimed(id, attempt)
WHERE e.id = claimed.id AND e.attempts = claimed.attempt AND e.state = 'processing'`;

/**
 * Extends the lease of a drain's claimed events while it still works on them, so a batch that takes
 * longer than PIPELINE_LEASE_SECONDS is not claimed again by another drain. Returns how many it kept.
 * Row-level security scopes the statement to the tenant, as in EventStore.claim.
 */
export async function renewLeases(pool: pg.Pool, tenantId: string, claims: LeaseClaim[], leaseSeconds: number): Promise<number> {
  if (!claims.length) return 0;
  const { rowCount } = await inTenantTransaction(pool, tenantId, (client) =>
    client.query(RENEW, [claims.map((claim) => claim.id), claims.map((claim) => claim.attempt), leaseSeconds]),
  );
  return rowCount ?? 0;
}
