/**
 * The Sage Pro sandbox's admin API (JSON, under /sandbox/sagepro/admin, every call carrying
 * `x-sandbox-admin-key`): network faults on the connector's connection, record locks as a Sage Pro
 * user sets them, read-only companies, row locks held in an open transaction, reset. Not part of
 * Sage Pro; see README.md.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest, FastifyReply } from 'fastify';
import { z, ZodError } from 'zod';
import { normalizeCompid, SAGEPRO_COMPANIES, type SageProCompany } from '../company-schema.js';
import { readOnlyCompanies, setCompanyReadOnly } from './connector-role.js';
import { type HeldRowLock, KEYED_TABLE_NAMES, listRecordLocks, markRecordLock, RECORD_LOCK_TABLES, RecordNotFound, TooManyRowLocks } from './record-locks.js';
import type { SageProSandboxAccess } from './sandbox-access.js';
import type { ProxyState } from './tcp-proxy.js';

export const SAGEPRO_SANDBOX_ADMIN_PREFIX = '/sandbox/sagepro/admin';

const millis = (max: number) => z.number().int().min(0).max(max);

const faultsSchema = z
  .object({
    /** Added to every chunk, each way, on the connector's connections. */
    latency_ms: millis(60_000).optional(),
    /** New connections are reset at once. */
    refuse: z.boolean().optional(),
    /** Connections opened from now on are cut this long after they open; 0 = never. */
    cut_after_ms: millis(3_600_000).optional(),
    /** A window: open connections cut at its start, new ones refused until its end; null cancels. */
    outage: z
      .object({ starts_in_ms: millis(3_600_000).default(0), lasts_ms: z.number().int().min(1).max(3_600_000) })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

const keyText = z.string().trim().min(1).max(25);
const recordLockSchema = z.object({ table: z.enum(RECORD_LOCK_TABLES as [string, ...string[]]), key: keyText, user: z.string().trim().toUpperCase().regex(/^[A-Z0-9_]{1,4}$/, 'must be 1-4 letters or digits (Sage Pro user id)') }).strict();
const recordUnlockSchema = recordLockSchema.omit({ user: true });
const readOnlySchema = z.object({ read_only: z.boolean() }).strict();
const rowLockSchema = z.object({ table: z.enum(KEYED_TABLE_NAMES as [string, ...string[]]), key: keyText, hold_ms: z.number().int().min(1).max(600_000) }).strict();
const companyParams = z.object({ compid: z.string() });
const rowLockParams = z.object({ id: z.uuid() });

/** Bad input the schema could not see (e.g. a key longer than its table's column). */
class InvalidField extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SageProAdminOptions {
  /** The sandbox (pools, proxy, lock holder) a request addresses; opened (built) on first use. */
  sandbox: (request: FastifyRequest) => Promise<SageProSandboxAccess>;
  adminKey: string;
}

export const sageProAdminRoutes: FastifyPluginAsync<SageProAdminOptions> = async (app, { sandbox, adminKey }) => {
  const expected = Buffer.from(adminKey);
  app.addHook('onRequest', async (request, reply) => {
    const given = Buffer.from(String(request.headers['x-sandbox-admin-key'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).send({ error: 'unauthorized', message: 'The x-sandbox-admin-key header is missing or wrong.' });
    }
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const field = issue.path.join('.');
      return reply.code(400).send({ error: 'invalid_request', field, message: `${field || 'body'}: ${issue.message}` });
    }
    if (error instanceof InvalidField) return reply.code(400).send({ error: 'invalid_request', field: error.field, message: `${error.field}: ${error.message}` });
    if (error instanceof AdminError) return reply.code(error.status).send({ error: error.code, message: error.message });
    if (error instanceof RecordNotFound) return reply.code(404).send({ error: 'not_found', message: error.message });
    if (error instanceof TooManyRowLocks) return reply.code(409).send({ error: 'refused', message: error.message });
    if (error.code === '55P03') return reply.code(409).send({ error: 'locked', message: 'The record is locked by another session (row lock); try again later.' });
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: 'invalid_request', message: error.message });
    request.log.error({ err: error }, 'Sage Pro sandbox admin failure');
    return reply.code(500).send({ error: 'internal', message: 'Unexpected failure; see the server log.' });
  });

  const companyOf = (params: unknown): SageProCompany => {
    const { compid } = companyParams.parse(params);
    let id: string;
    try {
      id = normalizeCompid(compid);
    } catch {
      throw new AdminError(404, 'not_found', `No sandbox company "${compid}".`);
    }
    const company = SAGEPRO_COMPANIES.find((c) => c.compid === id);
    if (!company) throw new AdminError(404, 'not_found', `No sandbox company "${compid}" (there are ${SAGEPRO_COMPANIES.map((c) => c.compid).join(', ')}).`);
    return company;
  };
  const faultsView = (state: ProxyState) => ({
    latency_ms: state.latencyMs,
    refuse: state.refuse,
    cut_after_ms: state.cutAfterMs,
    outage: state.outage && { starts_at: state.outage.startsAt.toISOString(), ends_at: state.outage.endsAt.toISOString(), active: state.outage.active },
    connections: state.stats,
  });
  const rowLockView = (lock: HeldRowLock) => ({
    id: lock.id,
    compid: SAGEPRO_COMPANIES.find((c) => c.schema === lock.schema)?.compid,
    table: lock.table,
    key: lock.key,
    rows: lock.rows,
    hold_ms: lock.holdMs,
    expires_at: lock.expiresAt.toISOString(),
  });
  const companyView = async (access: SageProSandboxAccess, company: SageProCompany, readOnly?: Set<string>) => ({
    compid: company.compid,
    name: company.name,
    schema: company.schema,
    read_only: (readOnly ?? (await readOnlyCompanies(access.adminPool))).has(company.schema),
    record_locks: await listRecordLocks(access.adminPool, company.schema),
    row_locks: access.rowLocks.list().filter((lock) => lock.schema === company.schema).map(rowLockView),
  });
  /** A key that cannot fit its column is bad input naming the field, not a server error. */
  const keyed = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof RangeError) throw new InvalidField('key', error.message);
      throw error;
    }
  };

  app.get('/faults', async (request) => faultsView((await sandbox(request)).proxy.state()));

  /** Changes the fields given; the others stay. */
  app.put('/faults', async (request) => {
    const input = faultsSchema.parse(request.body ?? {});
    const { proxy } = await sandbox(request);
    proxy.setFaults({
      ...(input.latency_ms !== undefined ? { latencyMs: input.latency_ms } : {}),
      ...(input.refuse !== undefined ? { refuse: input.refuse } : {}),
      ...(input.cut_after_ms !== undefined ? { cutAfterMs: input.cut_after_ms } : {}),
    });
    if (input.outage !== undefined) proxy.scheduleOutage(input.outage && { startsInMs: input.outage.starts_in_ms, lastsMs: input.outage.lasts_ms });
    return faultsView(proxy.state());
  });

  app.post('/faults/cut', async (request) => {
    const { proxy } = await sandbox(request);
    const cut = proxy.cutNow();
    return { cut, ...faultsView(proxy.state()) };
  });

  app.get('/companies', async (request) => {
    const access = await sandbox(request);
    const readOnly = await readOnlyCompanies(access.adminPool);
    return { companies: await Promise.all(SAGEPRO_COMPANIES.map((company) => companyView(access, company, readOnly))) };
  });

  app.get('/companies/:compid', async (request) => companyView(await sandbox(request), companyOf(request.params)));

  app.post('/companies/:compid/records/lock', async (request) => {
    const company = companyOf(request.params);
    const { table, key, user } = recordLockSchema.parse(request.body ?? {});
    const access = await sandbox(request);
    const records = await keyed(() => markRecordLock(access.adminPool, company.schema, table as (typeof RECORD_LOCK_TABLES)[number], key, user));
    return { compid: company.compid, table, records };
  });

  app.post('/companies/:compid/records/unlock', async (request) => {
    const company = companyOf(request.params);
    const { table, key } = recordUnlockSchema.parse(request.body ?? {});
    const access = await sandbox(request);
    const records = await keyed(() => markRecordLock(access.adminPool, company.schema, table as (typeof RECORD_LOCK_TABLES)[number], key, null));
    return { compid: company.compid, table, records };
  });

  app.put('/companies/:compid/read-only', async (request) => {
    const company = companyOf(request.params);
    const { read_only } = readOnlySchema.parse(request.body ?? {});
    const access = await sandbox(request);
    await setCompanyReadOnly(access.adminPool, company.schema, read_only);
    return { compid: company.compid, read_only: (await readOnlyCompanies(access.adminPool)).has(company.schema) };
  });

  /** Takes the row lock, then answers at once; the transaction is rolled back after hold_ms. */
  app.post('/companies/:compid/row-locks', async (request, reply: FastifyReply) => {
    const company = companyOf(request.params);
    const { table, key, hold_ms } = rowLockSchema.parse(request.body ?? {});
    const access = await sandbox(request);
    const lock = await keyed(() => access.rowLocks.hold(company.schema, table as (typeof KEYED_TABLE_NAMES)[number], key, hold_ms));
    return reply.code(201).send(rowLockView(lock));
  });

  app.get('/row-locks', async (request) => ({ row_locks: (await sandbox(request)).rowLocks.list().map(rowLockView) }));

  app.delete('/row-locks/:id', async (request) => {
    const { id } = rowLockParams.parse(request.params);
    if (!(await (await sandbox(request)).rowLocks.release(id))) throw new AdminError(404, 'not_found', 'No such row lock (it may have been released already).');
    return { id, released: true };
  });

  /** The sandbox as first built (resetSageProSandbox), every fault and lock cleared. */
  app.post('/reset', async (request) => {
    const access = await sandbox(request);
    await access.reset();
    return { reset: true, faults: faultsView(access.proxy.state()) };
  });
};
