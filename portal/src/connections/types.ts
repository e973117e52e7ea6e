export type Environment = 'sandbox' | 'production' | 'custom';

/** A connection's last test (ConnectionTestSummary), or null when it was never tested. */
export type TestSummaryValue = { result: string; testedAt: string } | null;

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
  lastTest: TestSummaryValue;
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
