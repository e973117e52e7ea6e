import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config.js';
import { TenantContext } from '../database/tenant-context.js';

/** Paths pino blanks out wherever they appear: credentials never reach the log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.apiKey',
  '*.authorization',
  'variables.input.password',
];

/** JSON logs with the request id and, once known, the tenant id on every line. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
      customProps: () => {
        const actor = TenantContext.current();
        return actor?.tenantId ? { tenantId: actor.tenantId } : {};
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
      quietReqLogger: true,
    },
  };
}
