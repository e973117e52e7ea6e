/**
 * The PayTrace sandbox as a Fastify plugin: PayTrace's v1 JSON API (OAuth, card, check, vault,
 * recurrence, export, level 3, Protect.js), a checkout page, and an admin API, over per-merchant state
 * in the `paytrace_sandbox` schema (run migratePayTraceSandbox first). Register it with a prefix:
 *   app.register(payTraceSandbox, { prefix: '/sandbox/paytrace', pool, adminKey })
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { adminRoutes } from './admin.routes.js';
import { API_ROUTES, type ApiRoute } from './api.routes.js';
import { installBodyParsers } from './body-parsers.js';
import { checkoutRoutes } from './checkout.routes.js';
import { errorBody, OAuthError, PayTraceError } from './errors.js';
import { type SandboxDeps, withFaults } from './fault-injection.js';
import { findTokenMerchant } from './merchants.store.js';
import { createNotifier } from './notifications.js';
import { oauthRoutes } from './oauth.routes.js';
import type { Merchant } from './records.js';
import { runDueRecurrences } from './recurrences.js';
import { asBody } from './request-fields.js';
import { merchantNow, runWork, type SandboxClock, systemClock } from './work.js';

export type { SandboxDeps } from './fault-injection.js';
export type { SandboxClock } from './work.js';
export { migratePayTraceSandbox } from './migrate.js';

export interface PayTraceSandboxOptions {
  pool: pg.Pool;
  /** The sandbox's time before each merchant's own advance; the system clock by default. */
  clock?: SandboxClock;
  /** Used for outbound notifications; global fetch by default. */
  fetch?: typeof fetch;
  /** Value of the `x-sandbox-admin-key` header the admin API demands; no admin API without it. */
  adminKey?: string;
  /** How often due recurring payments are looked for in real time (ms); 0 turns it off. Default 60 s. */
  recurrenceSweepMs?: number;
  /** The dice for fault rates; Math.random by default. */
  random?: () => number;
}

export const payTraceSandbox: FastifyPluginAsync<PayTraceSandboxOptions> = async (app, options) => {
  const deps: SandboxDeps = {
    pool: options.pool,
    clock: options.clock ?? systemClock,
    notify: createNotifier(options.fetch ?? globalThis.fetch, app.log),
    random: options.random ?? Math.random,
  };
  installBodyParsers(app);
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof PayTraceError) return reply.code(400).send(errorBody(error.errors));
    if (error instanceof OAuthError) return reply.code(error.httpStatus).send(error.body);
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send(errorBody({ '1': [error.message] }));
    request.log.error({ err: error }, 'PayTrace sandbox failure');
    return reply.code(500).send(errorBody({ '1': ['An unexpected error has occurred.'] }));
  });

  await app.register(oauthRoutes, { deps });
  app.post('/v1/ping', async () => ({ success: true, response_code: 1, status_message: 'Your request has been successfully completed.' }));
  for (const [path, route] of Object.entries(API_ROUTES)) app.post(path, (request, reply) => handleApiCall(deps, route, request, reply));
  await app.register(checkoutRoutes, { deps });
  if (options.adminKey) await app.register(adminRoutes, { prefix: '/admin', deps, adminKey: options.adminKey });
  startRecurrenceSweep(app, deps, options.recurrenceSweepMs ?? 60_000);
};

/** Token, faults, then the route's work in one database transaction; its events go out once committed. */
async function handleApiCall(deps: SandboxDeps, route: ApiRoute, request: FastifyRequest, reply: FastifyReply) {
  const merchant = await authenticate(deps, request.headers.authorization);
  const body = asBody(request.body);
  return withFaults(deps, reply, merchant.faults, { export: Boolean(route.export), oauth: false }, async () => {
    const { result, work } = await runWork(deps.pool, deps.clock, merchant.id, (w) => route.handle({ work: w, body, ip: request.ip }));
    deps.notify(work.merchant, work.events);
    return result;
  });
}

/** `Authorization: Bearer <token>`: a live token of a sandbox merchant, or 401 invalid_token. */
async function authenticate(deps: SandboxDeps, header: unknown): Promise<Merchant> {
  const token = /^Bearer\s+(\S+)$/i.exec(typeof header === 'string' ? header : '')?.[1];
  const found = token ? await findTokenMerchant(deps.pool, 'access', token) : undefined;
  if (!found || found.expiresAt <= merchantNow(deps.clock, found.merchant)) throw OAuthError.invalidToken();
  return found.merchant;
}

/** Recurring payments also come due as real time passes, not only when an admin advances a clock. */
function startRecurrenceSweep(app: FastifyInstance, deps: SandboxDeps, everyMs: number): void {
  if (everyMs <= 0) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runAllDueRecurrences(deps)
      .catch((error: Error) => app.log.error({ err: error }, 'PayTrace sandbox recurrence sweep failed'))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

/** Runs due recurring payments of every merchant that may have some; returns the new transaction ids. */
export async function runAllDueRecurrences(deps: SandboxDeps): Promise<number[]> {
  const { rows } = await deps.pool.query(
    `SELECT DISTINCT r.merchant_id FROM paytrace_sandbox.recurrences r JOIN paytrace_sandbox.merchants m ON m.id = r.merchant_id
      WHERE r.next_date <= (($1::timestamptz + m.clock_offset_ms * interval '1 millisecond') AT TIME ZONE m.time_zone)::date`,
    [deps.clock.now()],
  );
  const created: number[] = [];
  for (const { merchant_id } of rows) {
    const { result, work } = await runWork(deps.pool, deps.clock, Number(merchant_id), runDueRecurrences);
    deps.notify(work.merchant, work.events);
    created.push(...result);
  }
  return created;
}
