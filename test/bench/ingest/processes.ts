/**
 * Server processes of a benchmark: Settle and the bare baseline each run in a process of their own
 * (child.mjs + a module with `main()`), so neither shares an event loop with the load generator or
 * with the other. They talk to the parent over IPC: `{ type: 'ready', port }` once listening, then
 * request/answer pairs `{ id, ... }` → `{ id, result }` or `{ id, error }`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

export interface ServerProcess {
  pid: number;
  port: number;
  /** Sends a request to the process and waits for its answer. */
  request<T = unknown>(message: Record<string, unknown>): Promise<T>;
  /** CPU time (user + system, ms) the process has used so far, from /proc. */
  cpuMs(): number | undefined;
  /** Asks the process to close (a CPU profile, if any, is written then) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Environment of the process (added to this one's). */
  env?: Record<string, string>;
  /** stdout (and stderr) go to this file. */
  logFile: string;
  /** Writes a V8 CPU profile (.cpuprofile) into this directory when the process exits. */
  cpuProfileDir?: string;
  /** How long it may take to start listening. */
  readyTimeoutMs?: number;
}

export async function startServerProcess(module: string, options: ServerProcessOptions): Promise<ServerProcess> {
  const log = openSync(options.logFile, 'a');
  const execArgv = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = fork(CHILD, [fileURLToPath(module)], {
    env: { ...process.env, ...options.env },
    execArgv,
    stdio: ['ignore', log, log, 'ipc'],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id!);
    if (message.error !== undefined) waiting.reject(new Error(message.error));
    else waiting.resolve(message.result);
  });
  void exited.then((code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`the server process exited (${code}); see ${options.logFile}`));
    pending.clear();
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${module} did not start within ${options.readyTimeoutMs ?? 120_000} ms; see ${options.logFile}`)), options.readyTimeoutMs ?? 120_000);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.port!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${module} exited (${code}) before it was ready:\n${tail(options.logFile)}`));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });

  return {
    pid: child.pid!,
    port,
    request<T>(message: Record<string, unknown>) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ ...message, id });
      });
    },
    cpuMs: () => processCpuMs(child.pid!),
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** user + system CPU ms of one process (not its children), from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  try {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ = 100
  } catch {
    return undefined;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

/** In a server process: answers the parent's requests with `handle`, and exits on 'stop' after `close`. */
export function serveParent(handle: (message: Record<string, any>) => Promise<unknown>, close: () => Promise<void>): void {
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await close().catch((error) => process.stderr.write(`close failed: ${(error as Error).stack}\n`));
    process.exit(0); // --cpu-prof writes its profile here
  };
  process.on('message', (message: Record<string, any>) => {
    if (message.type === 'stop') return void shutdown();
    handle(message).then(
      (result) => process.send!({ id: message.id, result }),
      (error: Error) => process.send!({ id: message.id, error: error.stack ?? String(error) }),
    );
  });
  // The parent died (Ctrl-C, crash): do not linger.
  process.on('disconnect', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}
