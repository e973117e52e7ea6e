import type { FastifyInstance } from 'fastify';
import type { SettleRequest } from '../http/request.js';

/** Health and scrape endpoints are polled constantly and say nothing worth a line. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One line per request when it completes: request id, tenant id (once the guard knew it), route,
 * status and duration. Headers and bodies are never logged.
 */
export function logCompletedRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? request.url.split('?')[0];
    if (QUIET_ROUTES.has(route)) return;
    const actor = (request as SettleRequest).actor;
    request.log.info(
      {
        tenantId: actor?.tenantId,
        method: request.method,
        route,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });
}
