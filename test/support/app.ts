/**
 * Boots the whole Settle application in-process against a fresh database and its own Redis key
 * prefix, for e2e and browser tests:
 *
 *   const t = await startTestApp();
 *   afterAll(() => t.close());
 *   const res = await t.gql('query { me { id } }', undefined, { token });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import { inject } from 'vitest';
import { createSettleApp } from '../../backend/src/app.factory.js';
import { type AppConfig, loadConfig } from '../../backend/src/platform/config/config.js';
import { findFreePort } from '../../backend/src/platform/runtime/free-port.js';
import { createTestDatabase } from './database.js';
import { deleteRedisKeys } from './redis-keys.js';

export interface GqlOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as the Cookie header: `a=1; b=2`, or a response's `set-cookie` array (attributes are dropped). */
  cookie?: string | string[];
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export interface GqlResponse<Data = any> {
  status: number;
  body: { data?: Data; errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[] } & Record<string, any>;
  headers: Record<string, string | string[] | undefined>;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: { name: string; adminUrl: string; appUrl: string; sandboxUrl: string };
  redisPrefix: string;
  http: ReturnType<typeof supertest>;
  gql<Data = any>(query: string, variables?: Record<string, unknown>, options?: GqlOptions): Promise<GqlResponse<Data>>;
  /** The base URL the app listens on (127.0.0.1, a free port), e.g. http://127.0.0.1:41234. */
  listen(): Promise<string>;
  /** Closes the app, drops the database, deletes this prefix's Redis keys and the temp DATA_DIR. */
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const redisUrl = inject('redisUrl');
  const redisPrefix = `t_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'settle-test-'));
  let app: NestFastifyApplication | undefined;
  const cleanup = async () => {
    await app?.close().catch((error) => console.error('[test app] close failed:', error));
    await database.drop();
    await deleteRedisKeys(redisUrl, redisPrefix);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // The port is chosen before the app is built, so links the app makes (emails) point at it.
    const port = await findFreePort();
    const config = loadConfig({
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SETTLE_JWT_SECRET: randomBytes(36).toString('base64url'), // 48 characters
      LOG_LEVEL: 'warn',
      // As the start step hands over to the serving process: the app's and the sandboxes' URLs, no
      // superuser URL (test/platform/least-privilege.e2e.spec.ts).
      DATABASE_APP_URL: database.appUrl,
      DATABASE_SANDBOX_URL: database.sandboxUrl,
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisPrefix,
      // Tests never aim at a public host: "production" PayTrace connections lead to a closed local port.
      PAYTRACE_PRODUCTION_URL: 'http://127.0.0.1:9',
      // The Sage Pro sandbox company goes into the test's own database, so files never share it.
      SAGEPRO_SANDBOX_DATABASE: database.name,
      // Test receivers of alert webhooks listen on 127.0.0.1; the SSRF guard's own tests turn it off.
      ALERT_WEBHOOK_ALLOW_PRIVATE: 'true',
      // Hundreds of test sign-ups would each make two polling sandbox pairs; test/flows/sandbox-pairs turns it on.
      SANDBOX_PAIRS_ON_SIGNUP: 'off',
      ...env,
    });
    app = await createSettleApp({
      config,
      infrastructure: {
        appDatabaseUrl: database.appUrl,
        sandboxDatabaseUrl: database.sandboxUrl,
        redisUrl,
        stop: async () => undefined,
      },
      role: 'all',
    });
    const nest = app;
    // Listen from the start: supertest would otherwise listen and close the server around every
    // request, and close() waits for keep-alive connections (e.g. a poll calling the in-process sandbox).
    await nest.listen(port, '127.0.0.1');
    return testAppOf({ app: nest, config, database, redisPrefix, baseUrl: `http://127.0.0.1:${port}`, listens: true, close: cleanup });
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * The TestApp handle of an app under test that serves (or, `listens` false, would serve) `baseUrl`;
 * `close` runs once however often it is called.
 */
export function testAppOf(options: {
  app: NestFastifyApplication;
  config: AppConfig;
  database: TestApp['db'];
  redisPrefix: string;
  baseUrl: string;
  listens: boolean;
  close: () => Promise<void>;
}): TestApp {
  const { app, config, database, redisPrefix, baseUrl, listens } = options;
  const http = supertest(baseUrl);
  let closed: Promise<void> | undefined;
  return {
    app,
    config,
    db: { name: database.name, adminUrl: database.adminUrl, appUrl: database.appUrl, sandboxUrl: database.sandboxUrl },
    redisPrefix,
    http,
    gql: graphqlCaller(http),
    async listen() {
      if (!listens) throw new Error('this app does not listen (a worker-role app)');
      return baseUrl;
    },
    close: () => (closed ??= options.close()),
  };
}

/** `gql` of a TestApp: POST /graphql over `http`, with a bearer token, cookies or extra headers. */
function graphqlCaller(http: supertest.Agent): TestApp['gql'] {
  return async (query, variables, options = {}) => {
    let request = http.post('/graphql').set('content-type', 'application/json').set('accept', 'application/json');
    if (options.token) request = request.set('authorization', `Bearer ${options.token}`);
    if (options.cookie) {
      // Set-Cookie values can be passed as they came: only name=value goes back.
      const cookies = Array.isArray(options.cookie) ? options.cookie.map((c) => c.split(';')[0]).join('; ') : options.cookie;
      request = request.set('cookie', cookies);
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) request = request.set(name, value);
    const response = await request.send({ query, variables });
    return { status: response.status, body: response.body, headers: response.headers };
  };
}
