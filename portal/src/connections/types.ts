export type Environment = 'sandbox' | 'production' | 'custom';

/** payTraceConnection / payTraceConnections node, as fetched by dataProvider (CONNECTION fields). */
export interface PayTraceConnection {
  id: string;
  name: string;
  environment: Environment;
  baseUrl: string;
  username: string;
  passwordHint: string;
  integratorId: string;
  timeZone: string;
  notificationUrl: string;
  pollIntervalSeconds: number;
  rateLimitPerMinute: number;
  changeFeed: { cursor: string | null; lastPollAt: string | null; lagSeconds: number | null; lastError: string | null };
  lastTest: { result: string; testedAt: string } | null;
  createdAt: string;
}

export interface TransactionChange {
  id: string;
  connectionId: string;
  transactionId: string;
  state: string;
  kind: string;
  amountMinor: number;
  currency: string;
  occurredAt: string;
  source: string;
  createdAt: string;
}
