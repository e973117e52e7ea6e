/**
 * Settle worker processes as production runs them: `node <build>/serve.js --role=worker`, the serving
 * process that `npm start -- --role=worker` ends in (backend/dist/main.js runs the privileged start
 * step, then serve.js as its child, with only the app's and the sandboxes' URLs). The build is a
 * private SWC compile of backend/src made once per test file, exactly like `npm run build -w backend`
 * but into .data/reliability-build-<id>/ (two levels below the repository, as backend/dist is, so
 * the paths main.js finds by relative URL, prisma/migrations and portal/dist, are the same). It is a
 * snapshot: other people rebuilding backend/dist mid-test cannot change what the children run.
 *
 * A restart on a busy 2-core machine is mostly module loading, so `standbyWorker` starts a process
 * that loads the modules and waits (standby-worker.mjs); `start()` then runs serve.js in it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY = 'Settle worker is running';
const STANDBY_LINE = 'standby: modules loaded';
const STANDBY = fileURLToPath(new URL('./standby-worker.mjs', import.meta.url));

/** Config the parent's environment must not leak into a child: the stack's env() says it all. */
const NOT_INHERITED = /^(VITEST|NODE_ENV$|NODE_OPTIONS$|TEST$|DATABASE_|REDIS_|SETTLE_|PIPELINE_|SANDBOX|SAGEPRO_|PAYTRACE_|PORT$|HOST$|DATA_DIR$|SEED$|DEMO$|PUBLIC_URL$|LOG_LEVEL$)/;

export interface BackendBuild {
  mainJs: string;
  remove(): void;
}

export function buildBackend(): BackendBuild {
  const outDir = join(ROOT, '.data', `reliability-build-${randomBytes(4).toString('hex')}`);
  const swc = join(ROOT, 'node_modules', '.bin', 'swc');
  const result = spawnSync(swc, ['src', '-d', outDir, '--strip-leading-paths', '--copy-files', '--config-file', '../.swcrc', '--ignore', '**/*.spec.ts'], {
    cwd: join(ROOT, 'backend'),
    encoding: 'utf8',
    timeout: 120_000,
  });
  // The serving process itself: the stack migrated the database and made the roles (the start step's work).
  const mainJs = join(outDir, 'serve.js');
  if (result.status !== 0 || !existsSync(mainJs)) {
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(`backend build failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return { mainJs, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface WorkerProcess {
  pid: number;
  child: ChildProcess;
  /** The last 20,000 characters it printed (stdout and stderr). */
  output(): string;
  /** Resolves when it has exited, with the exit code or the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown hooks, no goodbyes, as a crash or the OOM killer ends a process. */
  crash(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

export interface StandbyWorker extends WorkerProcess {
  /** Runs serve.js --role=worker in the standby process and resolves once it says it is running. */
  start(readyTimeoutMs?: number): Promise<WorkerProcess>;
}

/**
 * A worker process that has loaded the compiled app's modules (standby-worker.mjs) and waits to be
 * started: restarts then take the app's own start-up time only, not module loading. `env` is a
 * stack's env(); `script` another standby script, one that wraps standby-worker.mjs with a test hook.
 */
export async function standbyWorker(build: BackendBuild, env: Record<string, string>, loadTimeoutMs = 90_000, script = STANDBY): Promise<StandbyWorker> {
  const inherited: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !NOT_INHERITED.test(name)) inherited[name] = value;
  const child = spawn(process.execPath, [script, build.mainJs, '--role=worker'], { cwd: ROOT, env: { ...inherited, ...env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  child.stdin!.on('error', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const until = (line: string, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.crash();
        reject(new Error(`worker process ${child.pid} not ${what} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const check = () => {
        if (!output.includes(line)) return;
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve();
      };
      child.stdout!.on('data', check);
      check();
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`worker process ${child.pid} exited (${code ?? signal}) before it was ${what}:\n${output}`));
      });
    });
  const worker: StandbyWorker = {
    pid: child.pid!,
    child,
    output: () => output,
    exited,
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
    async start(readyTimeoutMs = 60_000) {
      child.stdin!.end('start\n');
      await until(READY, readyTimeoutMs, 'ready');
      return worker;
    },
  };
  await until(STANDBY_LINE, loadTimeoutMs, 'loaded');
  return worker;
}

/** Starts `serve.js --role=worker` with `env` (a stack's env()) and waits for its ready line. */
export async function startWorkerProcess(build: BackendBuild, env: Record<string, string>): Promise<WorkerProcess> {
  return (await standbyWorker(build, env)).start();
}
