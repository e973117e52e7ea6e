/**
 * Security headers on every response (@fastify/helmet for the standard set): a Content-Security-Policy
 * that the built react-admin portal works under, no framing anywhere, nosniff, no Referer, and
 * Strict-Transport-Security only where the browser really came over TLS (or HSTS=on says so).
 */
import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where bull-board is mounted (monitoring/queue-board.ts); its page loads Google's IBM Plex fonts. */
const QUEUE_BOARD_PREFIX = '/admin/queues';

export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * The policy of a path. The portal is one module script and its chunks from 'self'; MUI (emotion)
 * injects <style> elements, hence 'unsafe-inline' for styles only. Pages with stricter needs (the
 * sandbox checkout page) set their own policy, which replaces this one.
 */
export function contentSecurityPolicyFor(path: string): string {
  const queueBoard = path === QUEUE_BOARD_PREFIX || path.startsWith(`${QUEUE_BOARD_PREFIX}/`);
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    ['base-uri', "'self'"],
    ['object-src', "'none'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'self'"],
    ['script-src', "'self'"],
    ['style-src', queueBoard ? "'self' 'unsafe-inline' https://fonts.googleapis.com" : "'self' 'unsafe-inline'"],
    ['img-src', "'self' data:"],
    ['font-src', queueBoard ? "'self' data: https://fonts.gstatic.com" : "'self' data:"],
    ['connect-src', "'self'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

/**
 * HSTS=auto: only when this request came over https, as Fastify sees it (the socket's TLS, or
 * X-Forwarded-Proto from a proxy named in TRUST_PROXY; a header from anyone else is ignored).
 */
export function sendsHsts(setting: 'auto' | 'on' | 'off', protocol: string): boolean {
  if (setting === 'off') return false;
  return setting === 'on' || protocol === 'https';
}

export async function registerSecurityHeaders(app: NestFastifyApplication, hsts: 'auto' | 'on' | 'off'): Promise<void> {
  await app.register(fastifyHelmet, {
    // Both are per request (below), not fixed.
    contentSecurityPolicy: false,
    strictTransportSecurity: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      reply.header('content-security-policy', contentSecurityPolicyFor(request.url.split('?')[0]));
      if (sendsHsts(hsts, request.protocol)) reply.header('strict-transport-security', HSTS_VALUE);
    });
}
