import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { redactCardNumbersInJson } from '../card-data/redact-card-data.js';
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
  '*.signingSecret',
  '*.connectionString',
  '*.apiKey',
  '*.authorization',
  'variables.input.password',
];

/**
 * The process's one pino logger (JSON lines): Fastify logs requests with it, Nest everything else.
 * Each line is redacted as it is written, whatever it holds (a message built from an id, an error's
 * text, a logged object): no line carries a card number (platform/card-data).
 */
export function createRootLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { pid: process.pid }, hooks: { streamWrite: redactCardNumbersInJson } },
    destination,
  );
}

/** LOG_FILE: lines appended to a file (its folder made if missing), written as they come. */
export function logFile(path: string): pino.DestinationStream {
  return pino.destination({ dest: path, append: true, mkdir: true, sync: true });
}

const PINO_LEVEL: Record<LogLevel, pino.Level> = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'trace',
  fatal: 'fatal',
};

/**
 * Nest's logger, written through pino. Each line carries the request id and tenant id of the request
 * (or job) it happens in, read from AsyncLocalStorage.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]) {
    // Nest passes the context name last; error() may pass a stack before it.
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const actor = TenantContext.current();
    const fields: Record<string, unknown> = { context, reqId: actor?.requestId, tenantId: actor?.tenantId, correlationId: actor?.correlationId };
    if (message instanceof Error) fields.err = message;
    else if (level === 'error' && typeof rest[0] === 'string' && rest.length > 1) fields.stack = rest[0];
    this.root[PINO_LEVEL[level]](fields, message instanceof Error ? message.message : String(message));
  }
}
