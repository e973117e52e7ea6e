/**
 * The bare baseline of bench:ingest: a minimal Fastify server on the same machine, same PostgreSQL
 * and same Redis as Settle, that does per request the least a durable inbox must: ONE INSERT of a row
 * the size of Settle's inbox row (same columns, the event and the body as jsonb, a unique key on the
 * delivery id, ON CONFLICT DO NOTHING) in autocommit, and ONE Redis write (LPUSH of the new id). No
 * signature check, no validation, no tenant scope, no logging.
 *
 * Env: BENCH_BASELINE_URL (database), BENCH_BASELINE_TABLE, BENCH_POOL_SIZE, REDIS_URL,
 * BENCH_REDIS_KEY, PORT.
 */
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { serveParent } from './processes.js';

export const BASELINE_TABLE_DDL = (table: string) => `
  CREATE TABLE ${table} (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    source text NOT NULL,
    external_id text NOT NULL,
    type text NOT NULL,
    amount_minor bigint,
    currency text,
    correlation_id text NOT NULL,
    event jsonb NOT NULL,
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, source, external_id))`;

const TENANT = '00000000-0000-4000-8000-0000000be0c4';

export async function main(): Promise<void> {
  const env = process.env;
  const table = env.BENCH_BASELINE_TABLE!;
  const pool = new pg.Pool({ connectionString: env.BENCH_BASELINE_URL, max: Number(env.BENCH_POOL_SIZE ?? 10) });
  const redis = new Redis(env.REDIS_URL!);
  const key = env.BENCH_REDIS_KEY!;
  const insert = `INSERT INTO ${table} (tenant_id, source, external_id, type, amount_minor, currency, correlation_id, event, payload)
    VALUES ($1, 'partner', $2, $3, $4, $5, $2, $6, $7) ON CONFLICT (tenant_id, source, external_id) DO NOTHING RETURNING id`;

  const server = Fastify({ logger: false });
  server.post('/in', async (request, reply) => {
    const body = request.body as { type: string; data: { amount: { minor: number; currency: string } } };
    const id = request.headers['webhook-id'] as string;
    const { rows } = await pool.query(insert, [TENANT, id, body.type, body.data.amount.minor, body.data.amount.currency, JSON.stringify(body.data), JSON.stringify(body)]);
    if (!rows[0]) return reply.code(200).send({ duplicate: true });
    await redis.lpush(key, rows[0].id);
    return reply.code(202).send({ accepted: true, eventId: rows[0].id });
  });
  await server.listen({ port: Number(env.PORT), host: '127.0.0.1' });
  serveParent(async () => null, async () => {
    await server.close();
    await pool.end();
    redis.disconnect();
  });
  process.send!({ type: 'ready', port: Number(env.PORT) });
}
