/**
 * Crash-proof start and stop of `npm start` (backend/dist/main.js, which scripts/start.mjs runs in its
 * own process after the builds): embedded PostgreSQL and redis-server under DATA_DIR, the privileged
 * start step, then the serving process as its child.
 *
 * 1. After a `kill -9` of the Settle process, the next start finds the PostgreSQL and Redis the dead
 *    one started from the same data folder, stops them and is ready within 20 s; the orphaned serving
 *    process does not keep the port.
 * 2. Ctrl-C in a terminal (SIGINT to the whole process group) stops the app first and its servers
 *    after, within 5 s, with no warning and "Settle stopped.".
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../backend/src/platform/runtime/free-port.js';
import { serversUsing } from '../support/server-processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_LINE = /Settle is ready at (http:\/\/\S+)/;
/** Variables a newcomer's shell would not have (Vitest's own, and anything pointing at shared services). */
const NOT_INHERITED = /^(VITEST|NODE_ENV$|TEST$|DATABASE_|REDIS_|SETTLE_|PORT$|HOST$|DATA_DIR$|SEED$|DEMO$|SANDBOXES$|PUBLIC_URL$|LOG_LEVEL$)/;
/** A warning or worse: a pino line at level 40+, a connection refused, a Node warning. */
const WARNING = /"level":[4-6]0\b|ECONNREFUSED|Warning:|still running/;

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Running, not a zombie waiting for its new parent to reap it. */
function isAlive(pid: number): boolean {
  try {
    return !/^[ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, ''));
  } catch {
    return false;
  }
}

/** The process group a process belongs to (/proc/<pid>/stat, 5th field). */
const processGroup = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[2]);

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(100);
  }
  return condition();
}

interface Settle {
  proc: ChildProcess;
  output: () => string;
  /** Milliseconds from spawn to the ready line. */
  readyAfterMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('npm start: crash-proof start and stop', () => {
  const dataDirs = [mkdtempSync(join(tmpdir(), 'settle-crash-')), mkdtempSync(join(tmpdir(), 'settle-ctrl-c-'))];
  const started: ChildProcess[] = [];
  const ports: number[] = [];
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    const build = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const b = await import('./scripts/lib/backend-build.mjs'); process.exit(b.ensurePrismaClient({ quiet: true }) && b.ensureBackendBuilt({ quiet: true }) ? 0 : 1)"],
      { cwd: ROOT, encoding: 'utf8', timeout: 200_000 },
    );
    expect(build.status, build.stderr).toBe(0);
    ports.push(await findFreePort(), await findFreePort());
    env = {};
    for (const [name, value] of Object.entries(process.env)) if (!NOT_INHERITED.test(name)) env[name] = value;
    // As light as a real start gets: no seed, no demo tenant, no sandboxes; a fixed port, so that an
    // orphaned serving process that kept it would make the next start fail.
    Object.assign(env, { SEED: 'off', DEMO: 'off', SANDBOXES: 'off', NO_COLOR: '1' });
  }, 240_000);

  afterAll(async () => {
    for (const proc of started) {
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (const dataDir of dataDirs) {
      for (const server of serversUsing(dataDir)) {
        try {
          process.kill(server.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  /** Spawns main.js in its own process group, as a terminal would, and waits for its ready line. */
  async function startSettle(dataDir: string, port: number, readyWithinMs: number): Promise<Settle> {
    const spawnedAt = Date.now();
    const proc = spawn(process.execPath, ['backend/dist/main.js'], { cwd: ROOT, env: { ...env, DATA_DIR: dataDir, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    started.push(proc);
    let output = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const onData = (chunk: Buffer) => (output += chunk.toString());
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    const ready = await Promise.race([
      until(() => READY_LINE.test(output), readyWithinMs),
      exited.then(() => false),
    ]);
    expect(ready, `not ready within ${readyWithinMs} ms (or exited):\n${output.slice(-4000)}`).toBe(true);
    return { proc, output: () => output, readyAfterMs: Date.now() - spawnedAt, exited };
  }

  it('after kill -9, npm start stops the PostgreSQL and Redis the dead run left and is ready within 20 s', { timeout: 150_000 }, async () => {
    const [dataDir, port] = [dataDirs[0], ports[0]];
    const first = await startSettle(dataDir, port, 90_000);
    const servers = serversUsing(dataDir);
    expect(servers.map((s) => s.kind).sort(), 'postgres and redis-server under DATA_DIR while running').toEqual(
      expect.arrayContaining(['postgres', 'redis-server']),
    );
    const [serving] = childrenOf(first.proc.pid!).filter((pid) => commandLine(pid).includes('serve.js'));
    expect(serving, 'main.js runs the serving process as its child').toBeGreaterThan(0);

    // The crash: the Settle process (its process group's leader) dies without running any code.
    first.proc.kill('SIGKILL');
    await first.exited;
    // Its servers are orphans now (that is the situation to recover from) ...
    expect(serversUsing(dataDir).length, 'the killed run left its servers running').toBeGreaterThan(0);
    // ... and its serving process notices its parent is gone and lets the port go.
    expect(await until(() => !isAlive(serving), 10_000), 'the orphaned serving process exits').toBe(true);
    expect(await portIsFree(port), 'the port is free again').toBe(true);

    // Ready within 20 s, the figure on an idle machine. On a machine busy enough that a start
    // from scratch (initdb, every migration) takes longer than that, within that time instead: the
    // recovery must not cost more than a first start does.
    const budget = Math.max(20_000, first.readyAfterMs);
    const second = await startSettle(dataDir, port, budget);
    console.log(`[start-stop] first start ready after ${first.readyAfterMs} ms; after kill -9, ready after ${second.readyAfterMs} ms`);
    expect(second.readyAfterMs).toBeLessThan(budget);
    expect(second.output()).not.toMatch(/still running|could not start/i);
    const now = serversUsing(dataDir);
    // One PostgreSQL (postmaster and its children) and one Redis: the orphans are gone, not doubled.
    expect(now.filter((s) => s.kind === 'redis-server')).toHaveLength(1);
    expect(servers.filter((s) => s.kind === 'redis-server').every((s) => !isAlive(s.pid))).toBe(true);
    const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(200);

    // A live Settle on the folder is another matter: a second start is refused and leaves it alone.
    const other = spawn(process.execPath, ['backend/dist/main.js'], { cwd: ROOT, env: { ...env, DATA_DIR: dataDir, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let otherOutput = '';
    other.stdout!.on('data', (chunk: Buffer) => (otherOutput += chunk.toString()));
    other.stderr!.on('data', (chunk: Buffer) => (otherOutput += chunk.toString()));
    const otherCode = await new Promise<number | null>((resolve) => other.once('exit', resolve));
    expect(otherCode, otherOutput).toBe(1);
    expect(otherOutput).toContain(`Settle could not start: Settle is already running from ${dataDir} (pid ${second.proc.pid})`);
    expect(otherOutput).not.toMatch(/\n\s+at /); // no stack trace
    expect((await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) })).status).toBe(200);
    process.kill(-second.proc.pid!, 'SIGKILL');
    await second.exited;
  });

  it('Ctrl-C (SIGINT to the whole process group) stops the app, then its servers, within 5 s and without a warning', { timeout: 120_000 }, async () => {
    const [dataDir, port] = [dataDirs[1], ports[1]];
    const settle = await startSettle(dataDir, port, 90_000);
    // Let the workers and the periodic jobs settle into their loops, as a session a user stops would.
    await sleep(1_000);
    const servers = serversUsing(dataDir);
    expect(servers.map((s) => s.kind)).toEqual(expect.arrayContaining(['postgres', 'redis-server']));
    // The terminal's signal must not reach the servers: they are stopped after the app, by Settle.
    const group = processGroup(settle.proc.pid!);
    for (const server of servers) expect(processGroup(server.pid), `${server.kind} (pid ${server.pid}) runs in a process group of its own`).not.toBe(group);
    const before = settle.output().length;

    const signalledAt = Date.now();
    process.kill(-settle.proc.pid!, 'SIGINT');
    const exit = await Promise.race([settle.exited, sleep(5_000).then(() => 'timeout' as const)]);
    const took = Date.now() - signalledAt;
    const afterSignal = settle.output().slice(before);
    expect(exit, `no exit within 5 s:\n${afterSignal.slice(-4000)}`).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThan(5_000);
    console.log(`[start-stop] Ctrl-C: stopped after ${took} ms`);
    expect(afterSignal).toContain('Settle stopped.');
    expect(afterSignal.split('\n').filter((line) => WARNING.test(line)), afterSignal.slice(-4000)).toEqual([]);
    expect(await until(() => serversUsing(dataDir).length === 0, 2_000), 'PostgreSQL and Redis are gone').toBe(true);
  });
});
