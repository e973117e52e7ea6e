import { Writable } from 'node:stream';
import pino, { type LoggerOptions } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/config.js';
import { loggerOptions, REDACTED_PATHS } from './logger.options.js';

/** A pino logger configured exactly like the app's (its `redact` option), writing into an array. */
function memoryLogger() {
  const lines: Record<string, any>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const options = loggerOptions({ LOG_LEVEL: 'info' } as AppConfig).pinoHttp as LoggerOptions;
  expect(options.redact).toEqual({ paths: REDACTED_PATHS, censor: '[redacted]' });
  const logger = pino({ level: 'info', redact: options.redact }, stream);
  return { logger, lines, raw };
}

const ACCESS_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.secret-claims.signature';
const REFRESH = 'refresh-token-value-123';
const PASSWORD = 'hunter2-is-my-password';

describe('logger redaction', () => {
  it('blanks the authorization header and cookies of a logged request and response', () => {
    const { logger, lines, raw } = memoryLogger();
    logger.info(
      {
        req: { method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${ACCESS_TOKEN}`, cookie: `settle_refresh=${REFRESH}`, 'user-agent': 'vitest' } },
        res: { statusCode: 200, headers: { 'set-cookie': `settle_refresh=${REFRESH}; HttpOnly` } },
      },
      'request completed',
    );
    expect(lines[0].req.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', 'user-agent': 'vitest' });
    expect(lines[0].res.headers['set-cookie']).toBe('[redacted]');
    expect(raw.join('')).not.toContain(ACCESS_TOKEN);
    expect(raw.join('')).not.toContain(REFRESH);
  });

  it('blanks passwords, tokens and secrets nested in logged objects', () => {
    const { logger, lines, raw } = memoryLogger();
    logger.info({ input: { email: 'a@b.test', password: PASSWORD } }, 'sign-up');
    logger.info({ variables: { input: { email: 'a@b.test', password: PASSWORD } } }, 'graphql');
    logger.info({ created: { secret: 'stl_abcdefghij_secret', refreshToken: REFRESH, accessToken: ACCESS_TOKEN } }, 'keys');
    expect(lines[0].input).toEqual({ email: 'a@b.test', password: '[redacted]' });
    expect(lines[1].variables.input).toEqual({ email: 'a@b.test', password: '[redacted]' });
    expect(lines[2].created).toEqual({ secret: '[redacted]', refreshToken: '[redacted]', accessToken: '[redacted]' });
    const output = raw.join('');
    for (const secret of [PASSWORD, REFRESH, ACCESS_TOKEN, 'stl_abcdefghij_secret']) expect(output).not.toContain(secret);
  });
});
