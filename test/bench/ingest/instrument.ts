/**
 * Profile-pass instrumentation, loaded into the Settle process (BENCH_INSTRUMENT) after the app is
 * built: wraps methods on their prototypes with timers, counts every PostgreSQL statement (pg's
 * Client.query, which Prisma's adapter also goes through) and every Redis command, and times each
 * webhook request inside the server. Nothing in backend/ changes; the headline runs load none of it.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Instrumentation } from './settle-process.js';

export interface Timer {
  count: number;
  totalMs: number;
}

export class Timers {
  readonly timers = new Map<string, Timer>();

  add(name: string, ms: number): void {
    const timer = this.timers.get(name) ?? { count: 0, totalMs: 0 };
    timer.count += 1;
    timer.totalMs += ms;
    this.timers.set(name, timer);
  }

  /**
   * Wraps `proto[method]` (an async method) so that every call is timed under `name`; `items` counts
   * what a call carries (from its arguments, or from its answer with `fromResult`).
   */
  wrap(proto: object, method: string, name: string, items?: (args: unknown[]) => number, fromResult?: (result: unknown) => number): void {
    const original = (proto as Record<string, (...args: unknown[]) => unknown>)[method];
    if (typeof original !== 'function') throw new Error(`No method ${method} to instrument (${name})`);
    const timers = this;
    (proto as Record<string, unknown>)[method] = function timed(this: unknown, ...args: unknown[]) {
      const start = performance.now();
      if (items) timers.add(`${name}: items per call`, items(args));
      const result = original.apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        return (result as Promise<unknown>).then(
          (value) => {
            timers.add(name, performance.now() - start);
            if (fromResult) timers.add(`${name}: items per call`, fromResult(value));
            return value;
          },
          (error: unknown) => {
            timers.add(name, performance.now() - start);
            timers.add(`${name}: failed`, 0);
            throw error;
          },
        );
      }
      timers.add(name, performance.now() - start);
      return result;
    };
  }

  report(): Record<string, Timer> {
    return Object.fromEntries([...this.timers].sort((a, b) => b[1].totalMs - a[1].totalMs));
  }
}

/** 'begin', 'select set_config', 'insert inbox_events', 'update inbox_events', … */
export function statementKind(text: string): string {
  const sql = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const word = sql.split(' ', 1)[0];
  if (['begin', 'commit', 'rollback'].includes(word)) return word;
  if (sql.startsWith('select set_config')) return 'select set_config (tenant scope)';
  const table = (pattern: RegExp) => pattern.exec(sql)?.[1] ?? '?';
  if (word === 'insert') return `insert ${table(/^insert into (?:"?\w+"?\.)*"?(\w+)"?/)}`;
  if (word === 'with' && / set_config\('app\.tenant_id'/.test(sql) && / insert into /.test(sql)) return `insert ${table(/ insert into (?:"?\w+"?\.)*"?(\w+)"?/)} (tenant scope in the statement)`;
  if (word === 'update') return `update ${table(/^update (?:"?\w+"?\.)*"?(\w+)"?/)}`;
  if (word === 'delete') return `delete ${table(/^delete from (?:"?\w+"?\.)*"?(\w+)"?/)}`;
  if (word === 'select') return `select ${table(/ from (?:"?\w+"?\.)*"?(\w+)"?/)}${/ for update\b/.test(sql) ? ' for update' : ''}`;
  return word;
}

/** Counts and times every statement of every pg client (and so Prisma's) in this process under `sql: <kind>`. */
export function timeStatements(timers: Timers, db?: (client: pg.Client) => string): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function timedQuery(this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const name = `sql${db ? ` ${db(this)}` : ''}: ${statementKind(text)}`;
    const start = performance.now();
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (...result: unknown[]) => {
        timers.add(name, performance.now() - start);
        return (last as (...a: unknown[]) => unknown)(...result);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function') return result.finally(() => timers.add(name, performance.now() - start));
    return result;
  };
}

/** Counts and times every Redis command of every ioredis client in this process (BullMQ's included). */
export function timeRedis(timers: Timers): void {
  const proto = Redis.prototype as unknown as { sendCommand: (command: { name: string; promise: Promise<unknown> }, ...rest: unknown[]) => unknown };
  const original = proto.sendCommand;
  proto.sendCommand = function timedCommand(this: unknown, command, ...rest) {
    const start = performance.now();
    command.promise?.then(
      () => timers.add(`redis: ${command.name}`, performance.now() - start),
      () => timers.add(`redis: ${command.name} (failed)`, performance.now() - start),
    );
    return original.call(this, command, ...rest);
  };
}

export function instrument(app: NestFastifyApplication): Instrumentation {
  const timers = new Timers();
  // Classes by name from the app's own container, so this module imports nothing of backend/ but types.
  const wrapProvider = (className: string, method: string, label: string, items?: (args: unknown[]) => number) => {
    const instance = findProvider(app, className);
    timers.wrap(Object.getPrototypeOf(instance), method, label, items);
  };
  wrapProvider('EndpointDirectory', 'find', 'EndpointDirectory.find (endpoint lookup, cached 30 s)');
  wrapProvider('WebhookReceiver', 'receive', 'WebhookReceiver.receive (verify, parse, validate, accept)');
  wrapProvider('InboxService', 'store', 'InboxService.store (one scoped INSERT, autocommit)', (args) => (args[1] as unknown[]).length);
  wrapProvider('InboxService', 'signal', 'InboxService.signal (BullMQ add, deduplicated; after the answers)');
  timeStatements(timers);
  timeRedis(timers);
  // Time inside the server per webhook request: Settle's own histogram (reply.elapsedTime), read at report time.
  const metrics = findProvider(app, 'MetricsService') as { httpRequests: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number; metricName?: string }[] }> } };
  let baseline = { sum: 0, count: 0 };
  const elapsed = async () => {
    const { values } = await metrics.httpRequests.get();
    const mine = values.filter((v) => v.labels.route === '/webhooks/:endpointId');
    const sum = mine.filter((v) => v.metricName?.endsWith('_sum')).reduce((a, v) => a + v.value, 0);
    const count = mine.filter((v) => v.metricName?.endsWith('_count')).reduce((a, v) => a + v.value, 0);
    return { sum: sum * 1000, count };
  };
  return {
    reset: async () => {
      timers.timers.clear();
      baseline = await elapsed();
    },
    report: async () => {
      const now = await elapsed();
      return { ...timers.report(), 'request in Fastify (reply.elapsedTime)': { count: now.count - baseline.count, totalMs: now.sum - baseline.sum } };
    },
  };
}

/** The Nest provider whose class is called `className` (resolved through the container, any module). */
export function findProvider(app: NestFastifyApplication, className: string): object {
  const container = (app as unknown as { container: { getModules(): Map<string, { providers: Map<unknown, { metatype?: { name?: string }; instance?: object }> }> } }).container;
  for (const module of container.getModules().values()) {
    for (const wrapper of module.providers.values()) {
      if (wrapper.metatype?.name === className && wrapper.instance) return wrapper.instance;
    }
  }
  throw new Error(`No provider ${className} in the application`);
}
