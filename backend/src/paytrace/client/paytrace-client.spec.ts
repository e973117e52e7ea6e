/**
 * The client's call discipline with a scripted PayTrace behind an injected fetch: token caching and
 * expiry, one retry on invalid_token, waiting for rate-limit points, timeouts, and what the
 * CallObserver gets to see.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import * as EX from '../../../../test/paytrace/fact-sheet-examples.js';
import { tokenCacheTtlMs } from './access-tokens.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { MemoryTokenStore } from './memory-token-store.js';
import { type PayTraceClientOptions, PayTraceClient } from './paytrace-client.js';
import type { PayTraceCall, RateLimiter } from './ports.js';

interface Sent {
  path: string;
  headers: Record<string, string>;
  body: string;
}

type Answer = { status?: number; body: string } | 'hang';
type Script = (path: string, sent: Sent, count: number) => Answer;

/** A fetch that answers from `script` and records every request. */
function scriptedPayTrace(script: Script) {
  const sent: Sent[] = [];
  const counts = new Map<string, number>();
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    const request: Sent = { path, headers: { ...(init?.headers as Record<string, string>) }, body: String(init?.body ?? '') };
    sent.push(request);
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const answer = script(path, request, counts.get(path)!);
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    }
    return new Response(answer.body, { status: answer.status ?? 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
  }) as typeof fetch;
  return { fetchFn, sent, count: (path: string) => counts.get(path) ?? 0 };
}

const token = (n: number, expiresIn = 7200) => ({ body: JSON.stringify({ access_token: `aaa${n}:bbb${n}:ccc${n}`, token_type: 'bearer', expires_in: expiresIn }) });

const OPTIONS: PayTraceClientOptions = {
  baseUrl: 'https://api.paytrace.test/',
  username: 'settle-api-user',
  password: 'S3cret-Passw0rd',
  integratorId: 'SETTLE0001',
  timeZone: 'America/Los_Angeles',
  connectionKey: 'conn-1',
  timeoutMs: 2_000,
};

const unlimited: RateLimiter = { acquire: async () => undefined };

function clientFor(script: Script, extra: { now?: () => number; rateLimiter?: RateLimiter; timeoutMs?: number; calls?: PayTraceCall[] } = {}) {
  const payTrace = scriptedPayTrace(script);
  const tokens = new MemoryTokenStore(extra.now);
  const calls = extra.calls ?? [];
  const client = new PayTraceClient(
    { ...OPTIONS, timeoutMs: extra.timeoutMs ?? OPTIONS.timeoutMs },
    { tokens, rateLimiter: extra.rateLimiter ?? unlimited, fetch: payTrace.fetchFn, observer: { onCall: (call) => calls.push(call) } },
  );
  return { client, payTrace, tokens, calls };
}

const approveEverything: Script = (path, _sent, n) => (path === '/oauth/token' ? token(n) : { body: EX.SALE_APPROVED.body });
const sale = { amountMinor: 1234, customerId: 'customer456', invoiceId: 'INV-1' };

describe('OAuth', () => {
  it('asks for a token form-encoded with the password grant, then sends it as Bearer with integrator_id in the JSON body', async () => {
    const { client, payTrace } = clientFor(approveEverything);
    expect(await client.saleByCustomer(sale)).toMatchObject({ kind: 'Approved', transactionId: 392483066 });
    const [oauth, call] = payTrace.sent;
    expect(oauth.path).toBe('/oauth/token');
    expect(oauth.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(oauth.body))).toEqual({ grant_type: 'password', username: 'settle-api-user', password: 'S3cret-Passw0rd' });
    expect(call.path).toBe('/v1/transactions/sale/by_customer');
    expect(call.headers).toMatchObject({ authorization: 'Bearer aaa1:bbb1:ccc1', 'content-type': 'application/json' });
    expect(JSON.parse(call.body)).toEqual({ amount: '12.34', customer_id: 'customer456', invoice_id: 'INV-1', integrator_id: 'SETTLE0001' });
  });

  it('caches the token until 60 s before expires_in, then gets a new one', async () => {
    let now = 1_000_000;
    const { client, payTrace } = clientFor((path, _s, n) => (path === '/oauth/token' ? token(n, 120) : { body: EX.SALE_APPROVED.body }), { now: () => now });
    await client.saleByCustomer(sale);
    now += 59_000;
    await client.saleByCustomer(sale);
    expect(payTrace.count('/oauth/token')).toBe(1);
    now += 2_000; // 61 s after issue: within 60 s of PayTrace's expiry
    await client.saleByCustomer(sale);
    expect(payTrace.count('/oauth/token')).toBe(2);
    expect(payTrace.sent.at(-1)!.headers.authorization).toBe('Bearer aaa2:bbb2:ccc2');
  });

  it('keeps 60 s of margin on a 2 h token and at least half the life of a very short one', () => {
    expect(tokenCacheTtlMs(7200)).toBe(7_140_000);
    expect(tokenCacheTtlMs(100)).toBe(50_000);
  });

  it('shares one token request among 20 concurrent calls', async () => {
    const { client, payTrace } = clientFor(approveEverything);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => client.saleByCustomer(sale)));
    expect(outcomes.every((o) => o.kind === 'Approved')).toBe(true);
    expect(payTrace.count('/oauth/token')).toBe(1);
  });

  it('on invalid_token gets a new token and retries once', async () => {
    const { client, payTrace } = clientFor((path, sent, n) => {
      if (path === '/oauth/token') return token(n);
      return sent.headers.authorization === 'Bearer aaa1:bbb1:ccc1' ? { status: 401, body: EX.INVALID_TOKEN.body } : { body: EX.SALE_APPROVED.body };
    });
    expect(await client.saleByCustomer(sale)).toMatchObject({ kind: 'Approved' });
    expect(payTrace.count('/oauth/token')).toBe(2);
    expect(payTrace.count('/v1/transactions/sale/by_customer')).toBe(2);
  });

  it('answers AuthError when the retry is rejected too, after exactly one retry', async () => {
    const { client, payTrace } = clientFor((path, _s, n) => (path === '/oauth/token' ? token(n) : { status: 401, body: EX.INVALID_TOKEN.body }));
    expect(await client.saleByCustomer(sale)).toMatchObject({ kind: 'AuthError', reason: 'invalid_token' });
    expect(payTrace.count('/v1/transactions/sale/by_customer')).toBe(2);
    expect(payTrace.count('/oauth/token')).toBe(2);
  });

  it('answers AuthError invalid_grant without calling the API, and does not cache the failure', async () => {
    const { client, payTrace } = clientFor((path) => (path === '/oauth/token' ? { status: 400, body: EX.INVALID_GRANT.body } : { body: EX.SALE_APPROVED.body }));
    expect(await client.saleByCustomer(sale)).toMatchObject({ kind: 'AuthError', reason: 'invalid_grant' });
    expect(await client.exportCustomers()).toMatchObject({ kind: 'AuthError', reason: 'invalid_grant' });
    expect(payTrace.count('/oauth/token')).toBe(2);
    expect(payTrace.count('/v1/transactions/sale/by_customer')).toBe(0);
  });

  it('ping needs no token', async () => {
    const { client, payTrace } = clientFor(() => ({ body: '{"success":true,"response_code":1,"status_message":"ok"}' }));
    expect(await client.ping()).toMatchObject({ kind: 'Ok' });
    expect(payTrace.sent.map((s) => [s.path, s.headers.authorization])).toEqual([['/v1/ping', undefined]]);
  });
});

describe('rate limiting', () => {
  it('waits for a point instead of failing', async () => {
    const sleeps: number[] = [];
    const rateLimiter = new MemoryRateLimiter({
      points: 2,
      durationSeconds: 1,
      maxWaitMs: 5_000,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    const { client, payTrace } = clientFor(approveEverything, { rateLimiter });
    const outcomes = await Promise.all([1, 2, 3].map(() => client.saleByCustomer(sale)));
    expect(outcomes.map((o) => o.kind)).toEqual(['Approved', 'Approved', 'Approved']);
    expect(sleeps.length).toBeGreaterThanOrEqual(1);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(payTrace.count('/v1/transactions/sale/by_customer')).toBe(3);
  });

  it('gives up past its bound with a TransientError, sending nothing', async () => {
    const rateLimiter = new MemoryRateLimiter({ points: 1, durationSeconds: 60, maxWaitMs: 100 });
    const { client, payTrace } = clientFor(approveEverything, { rateLimiter });
    expect(await client.saleByCustomer(sale)).toMatchObject({ kind: 'Approved' });
    expect(await client.saleByCustomer(sale)).toMatchObject({ kind: 'TransientError', reason: 'local_rate_limit', maybeProcessed: false });
    expect(payTrace.count('/v1/transactions/sale/by_customer')).toBe(1);
  });
});

describe('failures on the way', () => {
  it('times out with AbortSignal.timeout: retryable, and the sale may have gone through', async () => {
    const { client } = clientFor((path, _s, n) => (path === '/oauth/token' ? token(n) : 'hang'), { timeoutMs: 50 });
    expect(await client.saleByCustomer(sale)).toMatchObject({ kind: 'TransientError', reason: 'timeout', maybeProcessed: true });
  });

  it('reports a refused connection as never sent', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const client = new PayTraceClient({ ...OPTIONS, baseUrl: `http://127.0.0.1:${closedPort}` }, { tokens: new MemoryTokenStore(), rateLimiter: unlimited });
    expect(await client.saleByCustomer(sale)).toMatchObject({ kind: 'TransientError', reason: 'network', maybeProcessed: false });
  });

  it('maps a truncated export to invalid_body', async () => {
    const { client } = clientFor((path, _s, n) => (path === '/oauth/token' ? token(n) : { body: EX.EXPORT_BY_DATE_RANGE.body.slice(0, 200) }));
    expect(await client.exportTransactionsByDateRange({ startDate: '2015-04-10', endDate: '2015-04-10' })).toMatchObject({ kind: 'TransientError', reason: 'invalid_body' });
  });
});

describe('exports', () => {
  it('answers Ok(undefined) when export/by_id finds nothing, and reads the row when it does', async () => {
    const envelope = { success: true, response_code: 1, status_message: 'Your request has been successfully completed.', external_transaction_id: '' };
    const empty = clientFor((path, _s, n) => (path === '/oauth/token' ? token(n) : { body: JSON.stringify({ ...envelope, transactions: [] }) }));
    expect(await empty.client.exportTransactionById({ transactionId: 1 })).toMatchObject({ kind: 'Ok', value: undefined });
    const found = clientFor((path, _s, n) => (path === '/oauth/token' ? token(n) : { body: EX.EXPORT_BY_DATE_RANGE.body }));
    expect(await found.client.exportTransactionById({ transactionId: 392483066 })).toMatchObject({ kind: 'Ok', value: { transactionId: 392483066, amountMinor: 11000 } });
    expect(JSON.parse(found.payTrace.sent[1].body)).toEqual({ transaction_id: 392483066, integrator_id: 'SETTLE0001' });
  });
});

describe('CallObserver', () => {
  it('sees path, status, duration and outcome kind, and never a credential, token or body', async () => {
    const calls: PayTraceCall[] = [];
    const { client } = clientFor(
      (path, _s, n) => (path === '/oauth/token' ? token(n) : path.endsWith('pt_protect') ? { status: 400, body: EX.ERRORS_35_AND_43.body } : { body: EX.SALE_APPROVED.body }),
      { calls },
    );
    await client.saleByCustomer(sale);
    await client.saleByProtect({ amountMinor: 500, hpfToken: 'hpf-7f3a-secret', encKey: 'enc-key-secret' });
    expect(calls.map(({ durationMs: _d, ...rest }) => rest)).toEqual([
      { method: 'POST', path: '/oauth/token', status: 200, outcome: 'Ok' },
      { method: 'POST', path: '/v1/transactions/sale/by_customer', status: 200, outcome: 'Approved' },
      { method: 'POST', path: '/v1/transactions/sale/pt_protect', status: 400, outcome: 'ValidationError' },
    ]);
    expect(calls.every((c) => Number.isInteger(c.durationMs) && c.durationMs >= 0)).toBe(true);
    const seen = JSON.stringify(calls);
    for (const secret of ['S3cret-Passw0rd', 'aaa1', 'hpf-7f3a-secret', 'enc-key-secret', '12.34', 'customer456']) expect(seen).not.toContain(secret);
  });

  it('a throwing observer does not change the outcome', async () => {
    const payTrace = scriptedPayTrace(approveEverything);
    const client = new PayTraceClient(OPTIONS, {
      tokens: new MemoryTokenStore(),
      rateLimiter: unlimited,
      fetch: payTrace.fetchFn,
      observer: {
        onCall: () => {
          throw new Error('metrics down');
        },
      },
    });
    expect(await client.saleByCustomer(sale)).toMatchObject({ kind: 'Approved' });
  });
});

describe('Settle-side input', () => {
  it('refuses fractional or negative cents before sending anything', async () => {
    const { client, payTrace } = clientFor(approveEverything);
    await expect(client.saleByCustomer({ ...sale, amountMinor: 12.5 })).rejects.toThrow(RangeError);
    await expect(client.refundTransaction({ transactionId: 1, amountMinor: -1 })).rejects.toThrow(RangeError);
    expect(payTrace.count('/v1/transactions/sale/by_customer') + payTrace.count('/v1/transactions/refund/for_transaction')).toBe(0);
  });
});
