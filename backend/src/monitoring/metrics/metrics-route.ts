import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../platform/config/config.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import { metricsAccess } from './metrics-access.js';
import { MetricsService } from './metrics.service.js';

/**
 * GET /metrics, the Prometheus scrape endpoint: in production only with METRICS_TOKEN, as
 * `Authorization: Bearer <token>`. A plain Fastify route, outside Nest's guards: its bearer token is
 * the scraper's, not a user's access token.
 */
export function mountMetrics(app: NestFastifyApplication): void {
  const metrics = app.get(MetricsService);
  const config = app.get<AppConfig>(APP_CONFIG);
  app
    .getHttpAdapter()
    .getInstance()
    .get('/metrics', async (request, reply) => {
      const access = metricsAccess(config.NODE_ENV, config.METRICS_TOKEN, request.headers.authorization);
      if (access === 'off') return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: 'No route for GET /metrics' });
      if (access === 'unauthorized') {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .send({ statusCode: 401, error: 'Unauthorized', message: 'A bearer token (METRICS_TOKEN) is required' });
      }
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics.registry.metrics());
    });
}
