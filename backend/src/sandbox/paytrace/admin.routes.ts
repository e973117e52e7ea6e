/**
 * The sandbox's admin API (JSON, under <prefix>/admin, every call carrying `x-sandbox-admin-key`):
 * merchants and their credentials, faults, chargebacks, settlement, the clock, notifications, reset.
 * Not part of PayTrace; see README.md.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z, ZodError } from 'zod';
import { type SandboxDeps } from './fault-injection.js';
import { faultsSchema } from './faults.js';
import { createMerchant, findMerchant, resetMerchant, setFaults, setNotificationUrl } from './merchants.store.js';
import { dollars, parseAmount } from './money.js';
import type { Merchant } from './records.js';
import { runDueRecurrences } from './recurrences.js';
import { ChargebackRefused, createChargeback, settleMerchant } from './settlement.js';
import { isValidTimeZone } from './time.js';
import { merchantNow, runWork, type Work } from './work.js';

const httpUrl = z.url({ protocol: /^https?$/ });

const newMerchantSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    api_username: z.string().regex(/^[\w.@+-]{3,100}$/, 'must be 3-100 letters, digits or . @ + - _').optional(),
    password: z.string().min(8).max(200).optional(),
    integrator_id: z.string().regex(/^\w{1,12}$/, 'must be 1-12 letters or digits').optional(),
    time_zone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as America/Los_Angeles').optional(),
    notification_url: httpUrl.nullable().optional(),
  })
  .strict();

const chargebackSchema = z
  .object({
    transaction_id: z.coerce.number().int().positive(),
    amount: z
      .union([z.string(), z.number()])
      .transform((value) => parseAmount(value))
      .refine((cents) => cents !== undefined && cents > 0, 'must be a positive amount in dollars, e.g. "12.50"')
      .optional(),
    reason: z.string().trim().min(1).max(200),
  })
  .strict();

const span = z.number().min(0).default(0);
const advanceSchema = z.object({ days: span, hours: span, minutes: span, seconds: span }).strict();

const merchantParams = z.object({ id: z.coerce.number().int().positive() });

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const adminRoutes: FastifyPluginAsync<{ deps: SandboxDeps; adminKey: string }> = async (app, { deps, adminKey }) => {
  const expected = Buffer.from(adminKey);
  app.addHook('onRequest', async (request, reply) => {
    const given = Buffer.from(String(request.headers['x-sandbox-admin-key'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).send({ error: 'unauthorized', message: 'The x-sandbox-admin-key header is missing or wrong.' });
    }
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const field = issue.path.join('.');
      return reply.code(400).send({ error: 'invalid_request', field, message: `${field || 'body'}: ${issue.message}` });
    }
    if (error instanceof AdminError) return reply.code(error.status).send({ error: 'refused', message: error.message });
    if (error instanceof ChargebackRefused) return reply.code(409).send({ error: 'refused', message: error.message });
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: 'invalid_request', message: error.message });
    request.log.error({ err: error }, 'PayTrace sandbox admin failure');
    return reply.code(500).send({ error: 'internal', message: 'Unexpected failure; see the server log.' });
  });

  const merchantOf = async (params: unknown): Promise<Merchant> => {
    const merchant = await findMerchant(deps.pool, merchantParams.parse(params).id);
    if (!merchant) throw new AdminError(404, 'No such sandbox merchant.');
    return merchant;
  };
  /** Runs admin work on a merchant's state and announces its transaction changes. */
  const work = async <T>(merchant: Merchant, fn: (w: Work) => Promise<T>): Promise<T> => {
    const { result, work: done } = await runWork(deps.pool, deps.clock, merchant.id, fn);
    deps.notify(done.merchant, done.events);
    return result;
  };
  const view = (merchant: Merchant) => ({
    merchant_id: merchant.id,
    name: merchant.name,
    api_username: merchant.apiUsername,
    integrator_id: merchant.integratorId,
    time_zone: merchant.timeZone,
    notification_url: merchant.notificationUrl,
    faults: merchant.faults,
    clock: merchantNow(deps.clock, merchant).toISOString(),
  });

  app.post('/merchants', async (request, reply: FastifyReply) => {
    const input = newMerchantSchema.parse(request.body ?? {});
    const { merchant, password } = await createMerchant(deps.pool, {
      name: input.name,
      apiUsername: input.api_username,
      password: input.password,
      integratorId: input.integrator_id,
      timeZone: input.time_zone,
      notificationUrl: input.notification_url,
    }).catch((error: Error & { code?: string }) => {
      throw error.code === '23505' ? new AdminError(409, 'That api_username is taken.') : error;
    });
    return reply.code(201).send({ ...view(merchant), password });
  });

  app.get('/merchants/:id', async (request) => view(await merchantOf(request.params)));

  app.put('/merchants/:id/faults', async (request) => {
    const merchant = await merchantOf(request.params);
    const faults = faultsSchema.parse(request.body ?? {});
    await setFaults(deps.pool, merchant.id, faults);
    return view({ ...merchant, faults });
  });

  app.put('/merchants/:id/notification-url', async (request) => {
    const merchant = await merchantOf(request.params);
    const { url } = z.object({ url: httpUrl.nullable() }).strict().parse(request.body ?? {});
    await setNotificationUrl(deps.pool, merchant.id, url);
    return view({ ...merchant, notificationUrl: url });
  });

  app.post('/merchants/:id/chargebacks', async (request, reply: FastifyReply) => {
    const merchant = await merchantOf(request.params);
    const input = chargebackSchema.parse(request.body ?? {});
    const dispute = { transactionId: input.transaction_id, amountCents: input.amount, reason: input.reason };
    const chargeback = await work(merchant, (w) => createChargeback(w, dispute));
    return reply.code(201).send({ transaction_id: chargeback.id, original_transaction_id: chargeback.parentId, amount: dollars(chargeback.amountCents) });
  });

  app.post('/merchants/:id/settle', async (request) => {
    const merchant = await merchantOf(request.params);
    const { batchNumber, transactionIds } = await work(merchant, settleMerchant);
    return { batch_number: batchNumber, transaction_ids: transactionIds };
  });

  /** Moves the merchant's clock forward and runs the recurring payments that came due. */
  app.post('/merchants/:id/clock/advance', async (request) => {
    const merchant = await merchantOf(request.params);
    const { days, hours, minutes, seconds } = advanceSchema.parse(request.body ?? {});
    const ms = Math.round((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000);
    const created = await work(merchant, async (w) => {
      await w.db.query('UPDATE paytrace_sandbox.merchants SET clock_offset_ms = clock_offset_ms + $2 WHERE id = $1', [merchant.id, ms]);
      w.merchant = { ...w.merchant, clockOffsetMs: w.merchant.clockOffsetMs + ms };
      w.now = new Date(w.now.getTime() + ms);
      return runDueRecurrences(w);
    });
    return { clock: merchantNow(deps.clock, (await findMerchant(deps.pool, merchant.id))!).toISOString(), recurring_transaction_ids: created };
  });

  app.post('/merchants/:id/reset', async (request) => {
    const merchant = await merchantOf(request.params);
    await resetMerchant(deps.pool, merchant.id);
    return view((await findMerchant(deps.pool, merchant.id))!);
  });
};
