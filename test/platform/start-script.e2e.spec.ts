/**
 * `npm start` as a newcomer runs it: a fresh DATA_DIR, no DATABASE_URL/REDIS_URL, the seed on, any
 * free port. It must come up (embedded PostgreSQL, redis-server, builds when needed), answer
 * /readyz, stop cleanly on Ctrl-C (exit 0) and leave no postgres or redis-server behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serversUsing } from '../support/server-processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_LINE = /Settle is ready at (http:\/\/\S+)/;

/** Variables a newcomer's shell would not have (Vitest's own, and anything pointing at shared services). */
const NOT_INHERITED = /^(VITEST|NODE_ENV$|TEST$|DATABASE_|REDIS_|SETTLE_|PORT$|HOST$|DATA_DIR$|SEED$|PUBLIC_URL$)/;

function waitForExit(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'timeout'> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('npm start (scripts/start.mjs)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'settle-start-'));
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    // Whatever happened above, leave nothing running.
    if (child && child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
      await waitForExit(child, 5_000);
    }
    for (const server of serversUsing(dataDir)) {
      try {
        process.kill(server.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts from scratch, is ready, and stops cleanly on SIGINT', { timeout: 420_000 }, async () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!NOT_INHERITED.test(name)) env[name] = value;
    Object.assign(env, { DATA_DIR: dataDir, PORT: '0', SEED: 'on', NO_COLOR: '1' });

    const proc = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so that cleanup can reach everything it started
    });
    child = proc;
    const describeOutput = () => `--- output of scripts/start.mjs ---\n${output.slice(-6000)}`;

    // 1. The ready line, with the real port (builds and a first initdb can take a while).
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Settle is ready at" line within 300 s\n${describeOutput()}`)), 300_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = READY_LINE.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`scripts/start.mjs exited (${code ?? signal}) before it was ready\n${describeOutput()}`));
      });
    });
    expect(baseUrl).toMatch(/^http:\/\/[^:]+:(?!0\b)\d+$/);
    // A clean start warns of nothing: the demo connection's first poll, say, waits for the port to open.
    const untilReady = output.slice(0, output.search(READY_LINE)).split('\n');
    expect(untilReady.filter((line) => /"level":[4-6]0\b/.test(line)), describeOutput()).toEqual([]);

    // 2. /readyz answers 200 within 60 s.
    const deadline = Date.now() + 60_000;
    let last = 'no answer';
    for (;;) {
      try {
        const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
        last = `${response.status} ${await response.text()}`;
        if (response.status === 200) break;
      } catch (error) {
        last = String(error);
      }
      if (Date.now() > deadline) throw new Error(`/readyz not 200 after 60 s (last: ${last})\n${describeOutput()}`);
      await sleep(500);
    }

    // The process check below must be able to see this run's servers, or it proves nothing.
    const running = serversUsing(dataDir);
    expect(running.map((s) => s.kind), 'postgres and redis-server under DATA_DIR while running').toEqual(
      expect.arrayContaining(['postgres', 'redis-server']),
    );

    // 3. Ctrl-C: exit 0 within 15 s.
    proc.kill('SIGINT');
    const exit = await waitForExit(proc, 15_000);
    expect(exit, describeOutput()).toEqual({ code: 0, signal: null });

    // 4. Nothing left behind (give the OS a moment to reap).
    let left = serversUsing(dataDir);
    for (let i = 0; i < 10 && left.length; i++) {
      await sleep(200);
      left = serversUsing(dataDir);
    }
    expect(left, 'postgres/redis-server processes left after exit').toEqual([]);
  });
});
