/**
 * The load generator: `connections` keep-alive HTTP/1.1 connections (node:http with a keep-alive
 * Agent; no autocannon or undici package is installed here), each sending its next request as soon as
 * the previous answer arrived, until `count` requests are sent or `durationMs` is over. Every answer's
 * latency (request written → response fully read) and status are kept.
 */
import http from 'node:http';
import type { Delivery } from './deliveries.js';

export interface LoadResult {
  /** Requests answered. */
  requests: number;
  wallMs: number;
  latenciesMs: number[];
  statuses: Record<number, number>;
  /** This process's CPU (the generator) over the run. */
  clientCpuMs: number;
  /** Every delivery was sent before durationMs was over. */
  ranOut: boolean;
}

export async function runLoad(port: number, path: string, deliveries: Delivery[], options: { connections: number; durationMs?: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, keepAliveMsecs: 10_000 });
  const bodies = deliveries.map((delivery) => Buffer.from(delivery.body));
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = options.durationMs === undefined ? Infinity : start + options.durationMs;
  const send = (i: number) =>
    new Promise<number>((resolve, reject) => {
      const delivery = deliveries[i];
      const request = http.request(
        { agent, host: '127.0.0.1', port, path, method: 'POST', headers: { ...delivery.headers, 'content-length': String(bodies[i].length) } },
        (response) => {
          response.on('data', () => undefined);
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(bodies[i]);
    });
  const connection = async () => {
    for (let i = next++; i < deliveries.length && performance.now() < deadline; i = next++) {
      const sent = performance.now();
      const status = await send(i);
      latencies.push(performance.now() - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, connection));
  } finally {
    agent.destroy();
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  // Out of deliveries before the time was up: the rate is still right, over fewer requests.
  const ranOut = latencies.length >= deliveries.length && wallMs < (options.durationMs ?? Infinity);
  return { requests: latencies.length, wallMs, latenciesMs: latencies, statuses, clientCpuMs: (cpu.user + cpu.system) / 1000, ranOut };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
