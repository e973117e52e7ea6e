/**
 * CallObservers for logs (pino) and metrics (prom-client). They only ever see PayTraceCall (path,
 * status, duration, outcome kind), so nothing secret can reach a log line or a label.
 */
import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { CallObserver, PayTraceCall } from './ports.js';

/** One debug line per call; warn for failures a person may need to look at. */
export function loggingCallObserver(logger: Pick<Logger, 'debug' | 'warn'>, connectionKey: string): CallObserver {
  return {
    onCall(call: PayTraceCall) {
      const line = { paytrace: { ...call, connection: connectionKey } };
      if (call.outcome === 'TransientError' || call.outcome === 'AuthError') logger.warn(line, `PayTrace ${call.path} → ${call.outcome}`);
      else logger.debug(line, `PayTrace ${call.path} → ${call.outcome}`);
    },
  };
}

export interface PayTraceCallMetrics extends CallObserver {
  duration: Histogram<'path' | 'outcome' | 'status'>;
  calls: Counter<'path' | 'outcome' | 'status'>;
}

/** `settle_paytrace_call_duration_seconds` and `settle_paytrace_calls_total` by path, status and outcome. */
export function metricsCallObserver(registry: Registry): PayTraceCallMetrics {
  const labelNames = ['path', 'outcome', 'status'] as const;
  const duration = new Histogram({
    name: 'settle_paytrace_call_duration_seconds',
    help: 'PayTrace API calls by path, HTTP status and outcome kind',
    labelNames,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const calls = new Counter({ name: 'settle_paytrace_calls_total', help: 'PayTrace API calls by path, HTTP status and outcome kind', labelNames, registers: [registry] });
  return {
    duration,
    calls,
    onCall(call) {
      const labels = { path: call.path, outcome: call.outcome, status: call.status === undefined ? 'none' : String(call.status) };
      duration.observe(labels, call.durationMs / 1000);
      calls.inc(labels);
    },
  };
}

/** Several observers as one; each is isolated from the others' failures. */
export function combineObservers(...observers: CallObserver[]): CallObserver {
  return {
    onCall(call) {
      for (const observer of observers) {
        try {
          observer.onCall(call);
        } catch {
          // one broken observer must not silence the others
        }
      }
    },
  };
}
