import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const PORTAL_DIST = fileURLToPath(new URL('../../../../portal/dist', import.meta.url));

/** API paths never fall back to the portal's index.html. */
const API_PREFIXES = ['/graphql', '/healthz', '/readyz', '/metrics', '/admin/', '/webhooks/', '/notifications/', '/sandbox/'];

/**
 * Serves the built portal at `/` from the API's own port, with the single-page-app fallback to
 * index.html for browser navigations. Without a build, `/` says how to make one.
 */
export async function servePortal(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(join(PORTAL_DIST, 'index.html'))) {
    fastify.get('/', async (_request, reply) =>
      reply.type('text/plain').send('The portal is not built yet: run `npm run build -w portal` (npm start does it).'),
    );
    return;
  }
  const indexHtml = readFileSync(join(PORTAL_DIST, 'index.html'), 'utf8');
  await app.register(fastifyStatic, { root: PORTAL_DIST, prefix: '/', wildcard: false, index: ['index.html'] });
  // Nest owns the not-found handler, so the fallback is a catch-all GET route; files and API routes
  // are more specific and win.
  fastify.get('/*', async (request, reply) => {
    const isPage = (request.headers.accept ?? '').includes('text/html');
    if (isPage && !API_PREFIXES.some((prefix) => request.url.startsWith(prefix))) {
      return reply.type('text/html').send(indexHtml);
    }
    return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `No route for GET ${request.url.split('?')[0]}` });
  });
}
