/**
 * The privileged start step: everything that needs the superuser URL, done BEFORE the serving process
 * (backend/src/serve.ts) starts and never inside it. `npm start` (main.ts) runs it and then starts the
 * serving process with only the app's and the sandboxes' URLs; docker compose runs it alone as its
 * `migrate` service:  node backend/dist/provision.js   (DATABASE_URL and REDIS_URL required)
 *
 * - PostgreSQL roles: settle_app (the app; no superuser, no BYPASSRLS, owns nothing), settle_sandbox
 *   (the built-in sandboxes; CREATEDB only) and the sandbox Sage Pro connector's login;
 * - migrations (the ledger is not the app's to write), the master key check, the seed;
 * - the sandboxes' schema in Settle's database, owned by settle_sandbox.
 */
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type AppConfig } from './platform/config/config.js';
import { seed, type SeedResult, seedsPlatformAdmin } from './platform/database/seed.js';
import { type PrivilegedInfrastructure, provisionInfrastructure } from './platform/runtime/infrastructure.js';
import { MasterKeyMismatch, verifyMasterKey } from './platform/secrets/master-key-check.js';
import { prepareSandboxes } from './sandbox/provision.js';

/** Runs on migrated infrastructure (provisionInfrastructure did roles and migrations). */
export async function runPrivilegedStep(config: AppConfig, infrastructure: PrivilegedInfrastructure): Promise<SeedResult | undefined> {
  await verifyMasterKey(infrastructure.adminDatabaseUrl, config.masterKey);
  // SEED=on in production (only with a DEMO_PASSWORD of its own, see config) seeds the demo tenant only.
  const seeded = config.SEED === 'on' ? await seed(infrastructure.adminDatabaseUrl, config.DEMO_PASSWORD, { platformAdmin: seedsPlatformAdmin(config) }) : undefined;
  if (config.SANDBOXES === 'on') {
    await prepareSandboxes({
      adminDatabaseUrl: infrastructure.adminDatabaseUrl,
      sandboxDatabaseUrl: infrastructure.sandboxDatabaseUrl,
      sageProDatabase: config.SAGEPRO_SANDBOX_DATABASE,
    });
  }
  return seeded;
}

async function provisionOnly(): Promise<void> {
  const config = loadConfig();
  // An embedded server would stop with this process: the step alone works on a server of its own.
  if (!config.DATABASE_URL || !config.REDIS_URL) throw new ConfigError('Invalid configuration: DATABASE_URL and REDIS_URL are required to run the start step alone');
  const infrastructure = await provisionInfrastructure(config, (line) => process.stdout.write(`${line}\n`));
  try {
    await runPrivilegedStep(config, infrastructure);
    process.stdout.write('Settle database is provisioned: roles, migrations, sandboxes ready.\n');
  } finally {
    await infrastructure.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  provisionOnly().catch((error: unknown) => {
    const known = error instanceof ConfigError || error instanceof MasterKeyMismatch;
    process.stderr.write(`Settle could not be provisioned: ${known ? (error as Error).message : ((error as Error).stack ?? error)}\n`);
    process.exit(1);
  });
}
