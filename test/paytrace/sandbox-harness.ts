/**
 * The PayTrace sandbox on a real port for the client contract suite: a bare Fastify instance with the
 * sandbox plugin on a fresh database, a request counter in front of it, merchants created through its
 * admin API, and PayTrace clients wired to the shared Redis (token store and rate limiter).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';
import { PayTraceClient, type PayTraceClientOptions } from '../../backend/src/paytrace/client/paytrace-client.js';
import type { PayTraceCall } from '../../backend/src/paytrace/client/ports.js';
import { RedisRateLimiter } from '../../backend/src/paytrace/client/redis-rate-limiter.js';
import { RedisTokenStore } from '../../backend/src/paytrace/client/redis-token-store.js';
import { migratePayTraceSandbox, payTraceSandbox } from '../../backend/src/sandbox/paytrace/sandbox.plugin.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

export const PREFIX = '/sandbox/paytrace';
const ADMIN_KEY = `admin-${randomBytes(8).toString('hex')}`;

export interface SandboxMerchant {
  id: number;
  username: string;
  password: string;
  integratorId: string;
  timeZone: string;
}

export interface Harness {
  baseUrl: string;
  pool: pg.Pool;
  redis: Redis;
  redisPrefix: string;
  /** Requests that reached the sandbox, by path below the prefix (e.g. `/oauth/token`). */
  hits: Map<string, number>;
  /** Every call any harness client made, for the coverage check. */
  calls: PayTraceCall[];
  /** Overrides the fault dice while set (see `faults`). */
  dice?: () => number;
  admin(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: any }>;
  newMerchant(timeZone?: string): Promise<SandboxMerchant>;
  client(merchant: SandboxMerchant, overrides?: Partial<PayTraceClientOptions> & { redis?: Redis; fetch?: typeof fetch }): PayTraceClient;
  /** What the checkout page does: the card goes to the sandbox, a single-use hpf_token + enc_key come back. */
  tokenize(client: PayTraceClient, card?: TestCard): Promise<{ hpfToken: string; encKey: string }>;
  faults(merchant: SandboxMerchant, faults: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export interface TestCard {
  number: string;
  expiration_month: string;
  expiration_year: string;
  csc?: string;
}

export const VISA: TestCard = { number: '4111111111111111', expiration_month: '12', expiration_year: '2035', csc: '999' };
export const MASTERCARD: TestCard = { number: '5499 7400 0000 0057'.replaceAll(' ', ''), expiration_month: '11', expiration_year: '2034', csc: '998' };

export async function startSandbox(): Promise<Harness> {
  const db: TestDatabase = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.adminUrl, max: 10 });
  await migratePayTraceSandbox(pool);
  const app: FastifyInstance = Fastify({ logger: false });
  const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  const harness: Harness = {
    baseUrl: '',
    pool,
    redis,
    redisPrefix: `t_paytrace_${randomBytes(5).toString('hex')}`,
    hits: new Map(),
    calls: [],
    admin: async (method, path, body) => {
      const response = await fetch(`${harness.baseUrl}/admin${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-sandbox-admin-key': ADMIN_KEY },
        body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      });
      return { status: response.status, body: await response.json() };
    },
    newMerchant: async (timeZone = 'America/Chicago') => {
      const created = await harness.admin('POST', '/merchants', { name: 'Acme Tools', time_zone: timeZone });
      if (created.status !== 201) throw new Error(`merchant not created: ${JSON.stringify(created.body)}`);
      const { merchant_id: id, api_username: username, password, integrator_id: integratorId } = created.body;
      return { id, username, password, integratorId, timeZone };
    },
    client: (merchant, overrides = {}) => {
      const { redis: ownRedis, fetch: fetchFn, ...options } = overrides;
      const connection = ownRedis ?? redis;
      return new PayTraceClient(
        {
          baseUrl: harness.baseUrl,
          username: merchant.username,
          password: merchant.password,
          integratorId: merchant.integratorId,
          timeZone: merchant.timeZone,
          connectionKey: `merchant-${merchant.id}`,
          timeoutMs: 10_000,
          ...options,
        },
        {
          tokens: new RedisTokenStore({ redis: connection, keyPrefix: harness.redisPrefix }),
          rateLimiter: new RedisRateLimiter({ redis: connection, keyPrefix: `${harness.redisPrefix}:rate`, points: 200, durationSeconds: 1, maxWaitMs: 5_000 }),
          observer: { onCall: (call) => harness.calls.push(call) },
          fetch: fetchFn,
        },
      );
    },
    tokenize: async (client, card = VISA) => {
      const key = await client.createProtectClientKey();
      if (key.kind !== 'Ok') throw new Error(`no client key: ${JSON.stringify(key)}`);
      const { csc, ...creditCard } = card;
      const response = await fetch(`${harness.baseUrl}/protect/tokenize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_key: key.value.clientKey, credit_card: creditCard, csc }),
      });
      const body = (await response.json()) as { hpf_token: string; enc_key: string };
      if (response.status !== 200) throw new Error(`tokenize failed: ${JSON.stringify(body)}`);
      return { hpfToken: body.hpf_token, encKey: body.enc_key };
    },
    faults: async (merchant, faults) => {
      const reply = await harness.admin('PUT', `/merchants/${merchant.id}/faults`, faults);
      if (reply.status !== 200) throw new Error(`faults refused: ${JSON.stringify(reply.body)}`);
    },
    close: async () => {
      await app.close();
      await pool.end();
      await db.drop();
      const keys = await redis.keys(`${harness.redisPrefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0].slice(PREFIX.length);
    harness.hits.set(path, (harness.hits.get(path) ?? 0) + 1);
  });
  await app.register(payTraceSandbox, {
    prefix: PREFIX,
    pool,
    adminKey: ADMIN_KEY,
    recurrenceSweepMs: 0,
    random: () => (harness.dice ? harness.dice() : Math.random()),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  harness.baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${PREFIX}`;
  return harness;
}

/** A fetch that keeps every response text it passes on, by path (the sandbox's own bodies, for the drift checks). */
export function recordingFetch(): { fetch: typeof fetch; bodies: { path: string; status: number; text: string; request: string }[] } {
  const bodies: { path: string; status: number; text: string; request: string }[] = [];
  const wrapped = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init);
    const text = await response.clone().text();
    bodies.push({ path: new URL(String(input)).pathname.slice(PREFIX.length), status: response.status, text, request: String(init?.body ?? '') });
    return response;
  }) as typeof fetch;
  return { fetch: wrapped, bodies };
}
