import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { AppModule } from './app.module.js';
import { mountQueueBoard } from './monitoring/queue-board.js';
import { MetricsService } from './monitoring/metrics/metrics.service.js';
import { mountMetrics } from './monitoring/metrics/metrics-route.js';
import type { AppConfig } from './platform/config/config.js';
import { depthCheckedJsonParser } from './platform/http/json-depth.js';
import { servePortal } from './platform/http/portal.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { mountSandboxes } from './sandbox/mount-sandboxes.js';
import { createRootLogger, logFile, PinoNestLogger } from './platform/logging/logger.js';
import { logCompletedRequests } from './platform/logging/request-log.js';
import type { Infrastructure } from './platform/runtime/infrastructure.js';
import type { ProcessRole } from './platform/tokens.js';

export interface SettleAppOptions {
  config: AppConfig;
  infrastructure: Infrastructure;
  role?: ProcessRole;
}

/** Webhook bodies can be large order payloads; anything bigger is refused with 413. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the whole Settle application (API, portal, workers) on Fastify, initialised but not yet
 * listening: `main.ts` listens, tests drive it with supertest.
 */
export async function createSettleApp({ config, infrastructure, role = 'all' }: SettleAppOptions): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config.LOG_LEVEL, config.LOG_FILE ? logFile(config.LOG_FILE) : undefined);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Fastify's own request lines are off: logCompletedRequests writes one line per request instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Only the proxies named in TRUST_PROXY: anyone else's X-Forwarded-For/-Proto is ignored, so the
    // client address (login limits, audit log) is the socket's.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, infrastructure, role), adapter, {
    logger: new PinoNestLogger(logger),
  });
  await app.register(fastifyCookie);
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, depthCheckedJsonParser(app.getHttpAdapter().getInstance()));
  await registerSecurityHeaders(app, config.HSTS);
  logCompletedRequests(app.getHttpAdapter().getInstance());
  const metrics = app.get(MetricsService);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpRequests.observe({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
    });
  mountMetrics(app);
  await mountQueueBoard(app);
  await mountSandboxes(app);
  await servePortal(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
