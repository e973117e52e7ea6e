/**
 * What the client needs from its surroundings, so that the core stays free of any framework: a
 * shared token cache with a refresh lock, a shared rate limit, and a place to report calls.
 * Redis implementations serve production (redis-token-store.ts, redis-rate-limiter.ts); in-memory
 * ones serve unit tests and single-process tools.
 */
import type { OutcomeKind } from './outcome.js';

/** How withRefreshLock ended: `ran` when this caller held the lock and ran `refresh`. */
export type RefreshLockResult<T> = { ran: true; value: T } | { ran: false };

export interface TokenStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, token: string, ttlMs: number): Promise<void>;
  /** Forgets `token` if it is still the one stored (a token PayTrace rejected). */
  discard(key: string, token: string): Promise<void>;
  /**
   * Runs `refresh` while holding the refresh lock of `key`, held by one caller at a time across all
   * processes. A caller that finds the lock taken waits until a token is stored under `key` and
   * answers `{ ran: false }`; if the holder gives up without storing one, the waiter takes the lock.
   */
  withRefreshLock<T>(key: string, refresh: () => Promise<T>): Promise<RefreshLockResult<T>>;
}

/** Thrown by RateLimiter.acquire when no point frees up within its bound. */
export class RateLimitWaitExceeded extends Error {
  constructor(readonly waitedMs: number) {
    super(`no PayTrace call slot within ${waitedMs} ms`);
  }
}

export interface RateLimiter {
  /** Resolves when a call may go out (waiting if needed); throws RateLimitWaitExceeded past its bound. */
  acquire(key: string): Promise<void>;
}

/** One HTTP call to PayTrace, for logs and metrics: never a body, a credential or card data. */
export interface PayTraceCall {
  method: 'POST';
  /** The API path, e.g. `/v1/transactions/sale/by_customer` (no query, no ids). */
  path: string;
  /** Undefined when no HTTP answer came (timeout, network). */
  status: number | undefined;
  durationMs: number;
  outcome: OutcomeKind;
}

export interface CallObserver {
  onCall(call: PayTraceCall): void;
}

export const NO_OBSERVER: CallObserver = { onCall: () => undefined };
