import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { combineObservers, loggingCallObserver, metricsCallObserver } from './call-observers.js';
import type { PayTraceCall } from './ports.js';

const approved: PayTraceCall = { method: 'POST', path: '/v1/transactions/sale/by_customer', status: 200, durationMs: 120, outcome: 'Approved' };
const timedOut: PayTraceCall = { method: 'POST', path: '/v1/transactions/sale/by_customer', status: undefined, durationMs: 10_000, outcome: 'TransientError' };

describe('metricsCallObserver', () => {
  it('counts and times calls by path, status and outcome', async () => {
    const registry = new Registry();
    const observer = metricsCallObserver(registry);
    observer.onCall(approved);
    observer.onCall(approved);
    observer.onCall(timedOut);
    const text = await registry.metrics();
    expect(text).toContain('settle_paytrace_calls_total{path="/v1/transactions/sale/by_customer",outcome="Approved",status="200"} 2');
    expect(text).toContain('settle_paytrace_calls_total{path="/v1/transactions/sale/by_customer",outcome="TransientError",status="none"} 1');
    expect(text).toContain('settle_paytrace_call_duration_seconds_sum{path="/v1/transactions/sale/by_customer",outcome="Approved",status="200"} 0.24');
  });
});

describe('loggingCallObserver', () => {
  it('logs failures at warn and the rest at debug, with the connection key', () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, stream);
    const observer = loggingCallObserver(logger, 'conn-1');
    observer.onCall(approved);
    observer.onCall(timedOut);
    logger.flush();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(lines.map((l) => [l.level, l.msg])).toEqual([
          [20, 'PayTrace /v1/transactions/sale/by_customer → Approved'],
          [40, 'PayTrace /v1/transactions/sale/by_customer → TransientError'],
        ]);
        expect(lines[1].paytrace).toEqual({ ...timedOut, status: undefined, connection: 'conn-1' });
        resolve();
      }),
    );
  });
});

describe('combineObservers', () => {
  it('calls every observer even when one throws', () => {
    const seen: string[] = [];
    const observer = combineObservers(
      { onCall: () => seen.push('first') },
      {
        onCall: () => {
          throw new Error('broken');
        },
      },
      { onCall: () => seen.push('third') },
    );
    observer.onCall(approved);
    expect(seen).toEqual(['first', 'third']);
  });
});
