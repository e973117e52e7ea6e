import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createRootLogger } from './logger.js';
import { logCompletedRequests } from './request-log.js';

describe('request log', () => {
  it('writes one line per request with its id, tenant, route and status, and skips health checks', async () => {
    const lines: Record<string, any>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const fastify = Fastify({ loggerInstance: createRootLogger('info', stream), logController: new LogController({ disableRequestLogging: true }), requestIdHeader: 'x-request-id' });
    logCompletedRequests(fastify as unknown as FastifyInstance);
    fastify.post('/graphql', async (request) => {
      (request as unknown as { actor: object }).actor = { tenantId: 'tenant-7' };
      return { ok: true };
    });
    fastify.get('/healthz', async () => ({ status: 'ok' }));

    await fastify.inject({ method: 'POST', url: '/graphql', headers: { 'x-request-id': 'req-42', authorization: 'Bearer secret' }, payload: {} });
    await fastify.inject({ method: 'GET', url: '/healthz' });
    await fastify.close();

    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ reqId: 'req-42', tenantId: 'tenant-7', method: 'POST', route: '/graphql', status: 200 });
    expect(JSON.stringify(lines)).not.toContain('Bearer secret');
  });
});
