/**
 * Reads a V8 CPU profile (node --cpu-prof) and says where a process's CPU went during one window of
 * the run: self time by package (node_modules/<pkg>, Settle's own backend/src/<module>, Node's
 * internals, V8's garbage collector, idle) and the functions with the most self time.
 * Profile timestamps are CLOCK_MONOTONIC microseconds, like process.hrtime in the profiled process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuBreakdown {
  /** Sampled ms in the window, idle included. */
  windowMs: number;
  busyMs: number;
  byPackage: { name: string; ms: number; share: number }[];
  topFunctions: { name: string; ms: number; share: number }[];
}

/** The main thread's profile (CPU.<date>.<time>.<pid>.<thread 0>.<seq>.cpuprofile; others are the module hooks' thread). */
export function latestProfile(dir: string): string {
  const files = readdirSync(dir).filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name)).sort();
  if (!files.length) throw new Error(`No main-thread .cpuprofile in ${dir}`);
  return join(dir, files.at(-1)!);
}

/** `fromUs`/`toUs`: the window (monotonic µs) to count; the whole profile when absent. */
export function summariseProfile(file: string, fromUs = -Infinity, toUs = Infinity, top = 15): CpuBreakdown {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i];
    const duration = profile.timeDeltas[i + 1] ?? 0;
    if (at < fromUs || at > toUs) continue;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + duration);
  }
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let windowUs = 0;
  let idleUs = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    windowUs += us;
    const category = packageOf(frame);
    if (category === '(idle)') idleUs += us;
    packages.set(category, (packages.get(category) ?? 0) + us);
    if (category !== '(idle)') {
      const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
      functions.set(name, (functions.get(name) ?? 0) + us);
    }
  }
  const busyUs = windowUs - idleUs;
  const list = (map: Map<string, number>, limit: number) =>
    [...map]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs ? us / busyUs : 0 }));
  return { windowMs: windowUs / 1000, busyMs: busyUs / 1000, byPackage: list(packages, 20), topFunctions: list(functions, top) };
}

function packageOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (['(idle)', '(program)', '(garbage collector)', '(root)'].includes(functionName)) return functionName === '(root)' ? '(idle)' : functionName;
    return '(V8 builtins / native)';
  }
  if (url.startsWith('node:')) return 'node internals';
  // The only WebAssembly in the process is Prisma's query compiler (query_compiler_*_bg.wasm).
  if (url.startsWith('wasm://')) return '@prisma/client (query compiler, wasm)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const backend = /\/backend\/src\/([^/]+)/.exec(url);
  if (backend) return `settle backend/src/${backend[1].replace(/\.ts$/, '')}`;
  if (url.includes('/test/bench/')) return 'benchmark harness';
  return '(other)';
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^.*\/(backend\/src\/)/, '$1').replace(/^.*\/(test\/bench\/)/, '$1');
}
