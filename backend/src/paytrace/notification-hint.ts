/**
 * The transaction id a notification points at, from whichever field the sender used
 * (`transaction_id`, `transactionId`, `TRANSACTIONID`, `id`), as a number or a numeric string.
 */
export function transactionIdOf(payload: unknown): number | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const fields = payload as Record<string, unknown>;
  for (const name of ['transaction_id', 'transactionId', 'TRANSACTIONID', 'id']) {
    const value = fields[name];
    const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value) : NaN;
    if (Number.isSafeInteger(id) && id > 0) return id;
  }
  return undefined;
}
