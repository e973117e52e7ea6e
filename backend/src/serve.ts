import 'reflect-metadata';
import { createSettleApp } from './app.factory.js';
import { DemoSetup } from './demo/demo-setup.service.js';
import { demoLoginLine, demoShopLine } from './demo/demo-tenant.js';
import { type AppConfig, ConfigError, loadConfig } from './platform/config/config.js';
import { DEMO_OWNER_EMAIL, PLATFORM_ADMIN_EMAIL, seedsPlatformAdmin } from './platform/database/seed.js';
import { servingInfrastructure } from './platform/runtime/infrastructure.js';
import { type ProcessRole, servesApi } from './platform/tokens.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

function roleFromArgs(argv: string[]): ProcessRole {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all';
  if (arg === 'all' || arg === 'api' || arg === 'worker') return arg;
  throw new ConfigError(`Invalid --role=${arg}: use --role=api, --role=worker or leave it out for both`);
}

/**
 * The serving process: the API, portal and workers on one port. It holds no superuser URL: it is
 * started by the privileged start step (main.ts, or docker compose's `migrate` service) with
 * DATABASE_APP_URL (settle_app), DATABASE_SANDBOX_URL (settle_sandbox: CREATEDB only) and REDIS_URL,
 * and refuses DATABASE_URL.
 */
async function serve(): Promise<void> {
  const started = Date.now();
  const role = roleFromArgs(process.argv.slice(2));
  const config = loadConfig();
  const infrastructure = servingInfrastructure(config);
  let app: Awaited<ReturnType<typeof createSettleApp>> | undefined;
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${reason}: stopping Settle...`);
    const watchdog = setTimeout(() => process.exit(1), 20_000).unref();
    await app?.close().catch(() => undefined);
    clearTimeout(watchdog);
    // npm start's process stops PostgreSQL and Redis as soon as it hears this (a process's exit can
    // take a second more on a busy machine).
    if (process.connected) process.send!('app-closed', () => process.exit(0));
    else process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(`${signal} received`));
  // Started by `npm start` (main.ts) with an IPC channel, which closes when that process dies, even by
  // kill -9: then this one stops too rather than keep the port from the next start.
  if (process.channel) {
    process.channel.unref();
    process.once('disconnect', () => void stop('The start process is gone'));
  }

  try {
    app = await createSettleApp({ config, infrastructure, role });
    if (servesApi(role)) {
      await app.listen({ host: config.HOST, port: config.PORT });
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
      // The start step seeded before this process started (SEED=on), the platform admin only outside
      // production, which never prints a password either (see `npm run admin:create`).
      const logins = config.SEED === 'on' && seedsPlatformAdmin(config);
      say('');
      say(`  Portal      ${base}/`);
      say(`  GraphQL     ${base}/graphql`);
      say(`  Health      ${base}/healthz  ${base}/readyz`);
      say(`  Metrics     ${metricsLine(config, base)}`);
      say(`  Queues      ${base}/admin/queues (platform admins)`);
      if (config.SANDBOXES === 'on') say(`  Sandboxes   ${base}/sandbox/paytrace (PayTrace v1 API; admin key in ${config.dataDir}/secrets/sandbox-admin-key)`);
      if (logins) say(`  Admin login ${PLATFORM_ADMIN_EMAIL} / ${config.DEMO_PASSWORD} (platform admin)`);
      say('');
      say(`Settle is ready at ${base} (role ${role}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (logins) {
        // Last, so that it is the first thing a newcomer sees: where to go and how to sign in.
        const demo = app.get(DemoSetup);
        say('');
        say(demoLoginLine(base, DEMO_OWNER_EMAIL, config.DEMO_PASSWORD, !demo.enabled ? 'off' : !demo.tenant ? 'failed' : demo.trafficHere ? 'here' : 'worker'));
        if (demo.tenant) say(demoShopLine(base));
        say('');
      }
    } else {
      const traffic = app.get(DemoSetup).trafficHere ? '; demo traffic generator on' : '';
      say(`Settle worker is running (${((Date.now() - started) / 1000).toFixed(1)} s${traffic})`);
    }
  } catch (error) {
    await app?.close().catch(() => undefined);
    throw error;
  }
}

function metricsLine(config: AppConfig, base: string): string {
  if (config.METRICS_TOKEN) return `${base}/metrics (Authorization: Bearer METRICS_TOKEN)`;
  return config.NODE_ENV === 'production' ? 'off (set METRICS_TOKEN to serve /metrics)' : `${base}/metrics`;
}

serve().catch((error: unknown) => {
  process.stderr.write(`Settle could not start: ${error instanceof ConfigError ? error.message : ((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
