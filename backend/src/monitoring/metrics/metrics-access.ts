import { timingSafeEqual } from 'node:crypto';

/** What GET /metrics answers a scraper: the metrics, 401 (token missing or wrong) or 404 (off). */
export type MetricsAccess = 'allowed' | 'unauthorized' | 'off';

/**
 * /metrics in production only with METRICS_TOKEN, and then only to `Authorization: Bearer <token>`;
 * without a token production does not serve it at all. Outside production it stays open unless a
 * token is set.
 */
export function metricsAccess(nodeEnv: string, token: string | undefined, authorization: string | undefined): MetricsAccess {
  if (!token) return nodeEnv === 'production' ? 'off' : 'allowed';
  const given = /^Bearer (.+)$/i.exec(authorization?.trim() ?? '')?.[1] ?? '';
  return sameText(given, token) ? 'allowed' : 'unauthorized';
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Compared in constant time; a length difference shows only that the length is wrong.
  return a.length === b.length && timingSafeEqual(a, b);
}
