/** The PayTrace v1 client: framework-free; the Nest module wires it with Redis ports. */
export { PayTraceClient, type PayTraceClientOptions, type PayTraceClientPorts } from './paytrace-client.js';
export * from './outcome.js';
export type * from './types.js';
export type { CallObserver, PayTraceCall, RateLimiter, RefreshLockResult, TokenStore } from './ports.js';
export { NO_OBSERVER, RateLimitWaitExceeded } from './ports.js';
export { RedisTokenStore, type RedisTokenStoreOptions, type TokenCodec } from './redis-token-store.js';
export { RedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter.js';
export { MemoryTokenStore } from './memory-token-store.js';
export { MemoryRateLimiter, type RateLimitOptions } from './memory-rate-limiter.js';
export { combineObservers, loggingCallObserver, metricsCallObserver } from './call-observers.js';
export { centsToPayTrace, payTraceToCents, tryPayTraceToCents } from './money.js';
export { formatPayTraceDate, formatPayTraceTimestamp, parsePayTraceTimestamp, localCalendarDate } from './time.js';
export { transactionKind, transactionState, type TransactionKind, type TransactionState } from './transaction-state.js';
export { scrubCardNumbers } from '../../platform/card-data/card-numbers.js';
export { PAYTRACE_PATHS } from './paths.js';
