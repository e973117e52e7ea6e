import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './platform/config/config.js';
import { MissingRedisError } from './platform/runtime/redis-server.js';
import { type PrivilegedInfrastructure, provisionInfrastructure, servingEnvironment } from './platform/runtime/infrastructure.js';
import { DataDirInUse } from './platform/runtime/runtime-file.js';
import { MasterKeyMismatch } from './platform/secrets/master-key-check.js';
import { runPrivilegedStep } from './provision.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const SERVING_PROCESS = fileURLToPath(new URL('./serve.js', import.meta.url));

/**
 * `npm start`: PostgreSQL and Redis (started here unless given by URL), then the privileged start step
 * (roles, migrations, master key check, seed, sandboxes), then the serving process (serve.ts: API,
 * portal and workers on one port) as a child that gets only the app's and the sandboxes' URLs, never
 * DATABASE_URL.
 *
 * Stopping: the servers run in a session of their own, so a terminal's Ctrl-C (SIGINT to the whole
 * foreground process group) reaches this process and the serving process only. The serving process
 * closes the app (workers, connections) while PostgreSQL and Redis still answer; then this process
 * stops the servers. Should this process die without stopping (kill -9), the serving process sees its
 * IPC channel close and stops too, and the next start stops the servers it left on DATA_DIR.
 */
async function main(): Promise<void> {
  let child: ReturnType<typeof spawn> | undefined;
  let childGone: Promise<void> | undefined;
  let infrastructure: PrivilegedInfrastructure | undefined;
  let stopping = false;
  let finishing = false;
  const finish = async (code: number) => {
    if (finishing) return;
    finishing = true;
    // Kept referenced: should stopping hang, this ends the process rather than an empty event loop.
    const watchdog = setTimeout(() => {
      process.stderr.write('Settle: PostgreSQL or Redis did not stop within 15 s; exiting anyway.\n');
      process.exit(1);
    }, 15_000);
    await Promise.all([infrastructure?.stop(), childGone]);
    clearTimeout(watchdog);
    if (stopping) say('Settle stopped.');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // The serving process stops itself on a terminal's Ctrl-C; a signal sent to this process alone
      // is passed on. Its exit (below) stops the servers. Before it runs, the start step's current
      // stage ends first (see the checks below).
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }

  const config = loadConfig();
  infrastructure = await provisionInfrastructure(config, say);
  try {
    if (!stopping) await runPrivilegedStep(config, infrastructure);
  } catch (error) {
    await infrastructure.stop();
    throw error;
  }
  if (stopping) return finish(0);
  child = spawn(process.execPath, [...process.execArgv, SERVING_PROCESS, ...process.argv.slice(2)], {
    // The IPC channel closes when this process dies, however it dies: the serving process then stops.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: servingEnvironment(process.env, infrastructure),
  });
  childGone = new Promise((resolve) => child!.once('exit', () => resolve()));
  child.on('exit', (code) => void finish(stopping ? 0 : (code ?? 1)));
  // The app is closed (workers, connections): the servers may go while the process exits.
  child.on('message', (message) => message === 'app-closed' && void finish(0));
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof MissingRedisError || error instanceof MasterKeyMismatch || error instanceof DataDirInUse;
  process.stderr.write(`Settle could not start: ${known ? (error as Error).message : ((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
