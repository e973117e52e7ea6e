/**
 * Faults a sandbox merchant can be given through the admin API, so that clients can be tested
 * against an unreliable PayTrace. Rates are probabilities per request (1 = every request).
 */
import { z } from 'zod';

const rate = z.number().min(0).max(1).default(0);
const millis = z.number().int().min(0).max(120_000).default(0);

export const faultsSchema = z
  .object({
    /** Added to every API call. */
    latency_ms: millis,
    /** HTTP 500 before the request is processed. */
    error_rate: rate,
    /** HTTP 503 for everything, the token endpoint included. */
    outage: z.boolean().default(false),
    /** HTTP 429 with Retry-After. */
    rate_limit_rate: rate,
    /** 401 invalid_token even for a valid token (1 = a storm: every call, until turned off). */
    invalid_token_rate: rate,
    /** Added to export calls on top of latency_ms. */
    slow_export_ms: millis,
    /** Export bodies cut off half-way, with HTTP 200. */
    truncated_export_rate: rate,
    /** The request IS processed, then the response is lost (HTTP 502): tests exactly-once handling. */
    lost_response_rate: rate,
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = faultsSchema.parse({});

/** Stored faults are trusted but may predate a newer field: fill the gaps with defaults. */
export function parseFaults(value: unknown): Faults {
  const parsed = faultsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : NO_FAULTS;
}

export type Rejection = 'outage' | 'rate_limited' | 'server_error' | 'invalid_token';

export interface FaultPlan {
  delayMs: number;
  /** Refuse the request before processing it. */
  reject?: Rejection;
  /** Process it, then spoil the response. */
  spoil?: 'truncate' | 'lose';
}

/** Rolls the dice for one request. `random` is injectable so that tests can be exact. */
export function planFaults(faults: Faults, call: { export: boolean; oauth: boolean }, random: () => number = Math.random): FaultPlan {
  const hit = (p: number) => p > 0 && random() < p;
  const delayMs = faults.latency_ms + (call.export ? faults.slow_export_ms : 0);
  if (faults.outage) return { delayMs, reject: 'outage' };
  if (hit(faults.rate_limit_rate)) return { delayMs, reject: 'rate_limited' };
  if (hit(faults.error_rate)) return { delayMs, reject: 'server_error' };
  if (!call.oauth && hit(faults.invalid_token_rate)) return { delayMs, reject: 'invalid_token' };
  if (call.export && hit(faults.truncated_export_rate)) return { delayMs, spoil: 'truncate' };
  if (hit(faults.lost_response_rate)) return { delayMs, spoil: 'lose' };
  return { delayMs };
}
