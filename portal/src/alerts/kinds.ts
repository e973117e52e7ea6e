/** What an alert rule watches (the API's AlertKind), in the order the rules are listed. */
export const ALERT_KINDS = [
  { id: 'dead_letter', name: 'Dead letter', description: 'An event could not go on by itself and became a dead letter.' },
  { id: 'validation_failure', name: 'Validation failure', description: 'Sage Pro refused a value because of one of its field rules.' },
  { id: 'connection_auth', name: 'Connection refused', description: 'PayTrace or Sage Pro refused Settle’s credentials.' },
  { id: 'payment_declined', name: 'Payment declined', description: 'A payment was declined.' },
  { id: 'chargeback', name: 'Chargeback', description: 'A chargeback arrived.' },
  { id: 'failure_rate', name: 'Failure rate', description: 'Too many events failed in a time window (at least 5 events).' },
  { id: 'manual_review_waiting', name: 'Manual review waiting', description: 'A payment has waited for a person too long.' },
  { id: 'reconciliation_difference', name: 'Reconciliation difference', description: 'A reconciliation found differences between PayTrace and Sage Pro that nobody explained.' },
] as const;

export type AlertKind = (typeof ALERT_KINDS)[number]['id'];

export const kindName = (kind: string) => ALERT_KINDS.find(k => k.id === kind)?.name ?? kind;
