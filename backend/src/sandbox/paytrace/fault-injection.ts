/** Applying a merchant's faults (faults.ts decides, this carries it out) around an HTTP response. */
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { OAuthError } from './errors.js';
import { type Faults, planFaults } from './faults.js';
import type { Notify } from './notifications.js';
import type { SandboxClock } from './work.js';

/** What every route of the sandbox works with. */
export interface SandboxDeps {
  pool: pg.Pool;
  clock: SandboxClock;
  notify: Notify;
  random: () => number;
}

const SERVER_ERROR_PAGE = "<!DOCTYPE html><html><body><h1>We're sorry, but something went wrong.</h1></body></html>";
const UNAVAILABLE_PAGE = '<!DOCTYPE html><html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
const BAD_GATEWAY_PAGE = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';

/** Applies the merchant's faults around producing a response (see faults.ts). */
export async function withFaults(
  deps: SandboxDeps,
  reply: FastifyReply,
  faults: Faults,
  call: { export: boolean; oauth: boolean },
  produce: () => Promise<object>,
) {
  const plan = planFaults(faults, call, deps.random);
  if (plan.delayMs) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
  if (plan.reject === 'outage') return reply.code(503).type('text/html').send(UNAVAILABLE_PAGE);
  if (plan.reject === 'server_error') return reply.code(500).type('text/html').send(SERVER_ERROR_PAGE);
  if (plan.reject === 'invalid_token') throw OAuthError.invalidToken();
  if (plan.reject === 'rate_limited') {
    return reply.code(429).header('retry-after', '1').send({ error: 'rate_limited', error_description: 'Too many requests. Retry after 1 second.' });
  }
  const body = await produce();
  if (plan.spoil === 'lose') return reply.code(502).type('text/html').send(BAD_GATEWAY_PAGE);
  if (plan.spoil === 'truncate') {
    const json = JSON.stringify(body);
    return reply.code(200).type('application/json; charset=utf-8').send(json.slice(0, Math.floor(json.length / 2)));
  }
  return reply.code(200).send(body);
}

