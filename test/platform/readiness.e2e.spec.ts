/**
 * /readyz tells a load balancer whether this instance can serve: it must turn 503 naming the
 * dependency within seconds of PostgreSQL or Redis going away (never hang), and 200 again once it is
 * back, without a restart. /healthz (liveness) stays 200 throughout.
 *
 * This file owns its dependencies, so that stopping them disturbs no other test: its own
 * redis-server (restarted on the same port) and its own database (closed to connections and
 * re-opened). That is also why it builds the app with createSettleApp rather than startTestApp,
 * whose app always uses the run's shared redis-server.
 *
 * A dependency can also hang rather than go away (frozen process, network partition): the
 * connection stays open and nothing comes back. That is simulated with a TCP relay between the app
 * and the dependency that stops delivering bytes, which is safer than SIGSTOP on a backend of the
 * PostgreSQL server the other test files share.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSettleApp } from '../../backend/src/app.factory.js';
import { loadConfig } from '../../backend/src/platform/config/config.js';
import { quoteIdent } from '../../backend/src/platform/database/migrator.js';
import { type RunningRedis, startRedisServer } from '../../backend/src/platform/runtime/redis-server.js';
import { createTestDatabase, sql, type TestDatabase } from '../support/database.js';

/** One probe may take this long at most: a readiness check that hangs is as bad as a wrong one. */
const PROBE_LIMIT_MS = 3_000;
/** How long the app may take to notice an outage or a recovery. */
const NOTICE_WITHIN_MS = 10_000;

interface Probe {
  status: number;
  body: { status: string; checks: { database: string; redis: string } };
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP relay to `target` that can stop delivering bytes (both ways) while every connection stays open. */
async function startRelay(target: URL) {
  let frozen = false;
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const forward = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => (frozen ? held.push(() => to.write(chunk)) : to.write(chunk)));
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    forward(client, upstream);
    forward(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const deliver of held.splice(0)) deliver();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('readiness follows PostgreSQL and Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'settle-readiness-'));
  let redis: RunningRedis | undefined;
  let redisPort: number;
  let db: TestDatabase;
  const apps: NestFastifyApplication[] = [];
  let http: ReturnType<typeof supertest>;

  /** An app of its own on this file's database and redis-server (or relays to them). */
  async function startApp(urls: { appDatabaseUrl: string; redisUrl: string }): Promise<ReturnType<typeof supertest>> {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SETTLE_JWT_SECRET: randomBytes(36).toString('base64url'),
      LOG_LEVEL: 'error',
      DATABASE_APP_URL: urls.appDatabaseUrl,
      DATABASE_SANDBOX_URL: db.sandboxUrl,
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: urls.redisUrl,
      REDIS_KEY_PREFIX: `readiness${apps.length}`,
      SEED: 'off',
    });
    const app = await createSettleApp({
      config,
      infrastructure: { appDatabaseUrl: urls.appDatabaseUrl, sandboxDatabaseUrl: db.sandboxUrl, redisUrl: urls.redisUrl, stop: async () => undefined },
      role: 'all',
    });
    apps.push(app);
    return supertest(app.getHttpServer());
  }

  async function probe(path = '/readyz'): Promise<Probe> {
    const started = Date.now();
    const response = await http.get(path).timeout({ response: PROBE_LIMIT_MS + 2_000 });
    const ms = Date.now() - started;
    expect(ms, `${path} took ${ms} ms`).toBeLessThan(PROBE_LIMIT_MS);
    return { status: response.status, body: response.body, ms };
  }

  /** Probes /readyz until it answers `status` with `checks`; fails with the last answer after NOTICE_WITHIN_MS. */
  async function readyzBecomes(status: number, checks: Probe['body']['checks']): Promise<number> {
    const started = Date.now();
    let last: Probe | undefined;
    while (Date.now() - started < NOTICE_WITHIN_MS) {
      last = await probe();
      if (last.status === status && last.body.checks?.database === checks.database && last.body.checks?.redis === checks.redis) {
        expect(last.body.status).toBe(status === 200 ? 'ready' : 'unavailable');
        return Date.now() - started;
      }
      await sleep(100);
    }
    throw new Error(`/readyz did not become ${status} ${JSON.stringify(checks)} within ${NOTICE_WITHIN_MS} ms; last: ${last?.status} ${JSON.stringify(last?.body)}`);
  }

  const serverUrl = () => inject('adminServerUrl');
  const allowConnections = (allow: boolean) => sql(serverUrl(), `ALTER DATABASE ${quoteIdent(db.name)} WITH ALLOW_CONNECTIONS ${allow}`);

  beforeAll(async () => {
    redis = await startRedisServer(join(dataDir, 'redis'), { persist: false });
    redisPort = Number(new URL(redis.url).port);
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch((error) => console.error('[readiness] app close failed', error));
    if (db) {
      await allowConnections(true).catch(() => undefined);
      await db.drop();
    }
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('when a dependency goes away', () => {
    beforeAll(async () => {
      http = await startApp({ appDatabaseUrl: db.appUrl, redisUrl: redis!.url });
    });

    it('is live and ready with both dependencies up', async () => {
      expect((await probe('/healthz')).status).toBe(200);
      const ready = await probe();
      expect(ready).toMatchObject({ status: 200, body: { status: 'ready', checks: { database: 'up', redis: 'up' } } });
    });

    it('turns 503 "redis: down" when redis-server stops, and 200 when it is back on the same port', async () => {
      await redis!.stop();
      redis = undefined;
      const noticed = await readyzBecomes(503, { database: 'up', redis: 'down' });
      expect(noticed).toBeLessThan(5_000);
      expect((await probe('/healthz')).status).toBe(200);

      redis = await startRedisServer(join(dataDir, 'redis'), { persist: false, port: redisPort });
      await readyzBecomes(200, { database: 'up', redis: 'up' });
    });

    it('turns 503 "database: down" when its database refuses connections, and 200 when it accepts them again', async () => {
      await allowConnections(false);
      await sql(serverUrl(), 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name]);
      const noticed = await readyzBecomes(503, { database: 'down', redis: 'up' });
      expect(noticed).toBeLessThan(5_000);
      expect((await probe('/healthz')).status).toBe(200);

      await allowConnections(true);
      await readyzBecomes(200, { database: 'up', redis: 'up' });
    });
  });

  describe('when a dependency hangs (connection open, no answer)', () => {
    let databaseRelay: Awaited<ReturnType<typeof startRelay>>;
    let redisRelay: Awaited<ReturnType<typeof startRelay>>;

    beforeAll(async () => {
      databaseRelay = await startRelay(new URL(db.appUrl));
      redisRelay = await startRelay(new URL(redis!.url));
      http = await startApp({ appDatabaseUrl: databaseRelay.url, redisUrl: redisRelay.url });
      await readyzBecomes(200, { database: 'up', redis: 'up' });
    });
    afterAll(async () => {
      databaseRelay?.thaw();
      redisRelay?.thaw();
      // The app first: closed under it, the relays would leave its Redis clients reconnecting forever.
      const app = apps.pop();
      await app?.close().catch((error) => console.error('[readiness] app close failed', error));
      await databaseRelay?.close();
      await redisRelay?.close();
    });

    it('answers 503 "redis: down" without hanging while Redis does not answer, and 200 once it does', async () => {
      redisRelay.freeze();
      try {
        await readyzBecomes(503, { database: 'up', redis: 'down' });
        expect((await probe('/healthz')).status).toBe(200);
      } finally {
        redisRelay.thaw();
      }
      await readyzBecomes(200, { database: 'up', redis: 'up' });
    });

    it('answers 503 "database: down" without hanging while PostgreSQL does not answer, and 200 once it does', async () => {
      await probe(); // a pooled connection is open, and it is the one that will hang
      databaseRelay.freeze();
      try {
        await readyzBecomes(503, { database: 'down', redis: 'up' });
        expect((await probe('/healthz')).status).toBe(200);
      } finally {
        databaseRelay.thaw();
      }
      await readyzBecomes(200, { database: 'up', redis: 'up' });
    });
  });
});
