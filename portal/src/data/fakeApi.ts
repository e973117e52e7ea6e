// Test support: a fake GraphQL server at the HTTP boundary (global fetch), and a signed-in session.
import { vi } from 'vitest';
import { setSession } from '../graphql';

export interface SentRequest { query: string; variables: Record<string, unknown> }
type Answer = { data?: unknown; errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[] };

/**
 * Installs a fetch that answers each POST /graphql with the next of `answers` (a function of the
 * request, or a body), and records what was sent.
 */
export function fakeApi(...answers: (Answer | ((request: SentRequest) => Answer))[]) {
  const sent: SentRequest[] = [];
  const fetch = vi.fn(async (_url: string, init: { body: string }) => {
    const request = JSON.parse(init.body) as SentRequest;
    sent.push({ query: request.query, variables: request.variables ?? {} });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request: ${request.query}`);
    const body = typeof next === 'function' ? next(request) : next;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return sent;
}

/** A session whose token does not expire during the test, so that no refresh request is made. */
export function signedIn() {
  const store = new Map<string, string>();
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  const tenant = { id: 't1', name: 'Acme', timeZone: 'UTC', baseCurrency: 'USD', createdAt: '2026-01-01T00:00:00Z' };
  setSession({
    accessToken: 'token',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    me: { user: { id: 'u1', email: 'owner@example.com', name: null }, tenant, role: 'owner', partner: null, isPlatformAdmin: false, tenants: [] },
  });
}
