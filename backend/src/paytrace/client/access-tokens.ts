/**
 * OAuth for one PayTrace connection: `POST /oauth/token` (form-encoded password grant), the token cached
 * in the TokenStore until 60 s before it expires, and one shared refresh at a time (withRefreshLock),
 * so that any number of callers in any number of processes cause a single token request.
 */
import { type FetchFn, type HttpReply, postOnce } from './http-transport.js';
import { type FailureOutcome, transientError } from './outcome.js';
import type { TokenStore } from './ports.js';
import { readReply } from './response-mapping.js';

export interface OAuthSettings {
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  /** The TokenStore key: one token per connection. */
  connectionKey: string;
}

/** PayTrace documents 7200 s; used when an answer carries no usable expires_in. */
export const DEFAULT_TOKEN_LIFETIME_S = 7200;
/** Tokens are dropped this long before PayTrace would expire them, so no call goes out with a dying one. */
export const TOKEN_EXPIRY_MARGIN_S = 60;

/** How long to cache a token that lives `expiresInS`: 60 s less, but at least half its life. */
export function tokenCacheTtlMs(expiresInS: number): number {
  return Math.max(expiresInS - TOKEN_EXPIRY_MARGIN_S, expiresInS / 2) * 1000;
}

export class AccessTokens {
  constructor(
    private readonly settings: OAuthSettings,
    private readonly store: TokenStore,
    private readonly fetchFn: FetchFn,
    private readonly observe: (path: string, reply: HttpReply, outcome: FailureOutcome | undefined, startedAt: number) => void,
  ) {}

  /** The cached token, or a fresh one. */
  async current(): Promise<string | FailureOutcome> {
    try {
      return (await this.store.get(this.settings.connectionKey)) ?? (await this.refresh());
    } catch (error) {
      return storeFailure(error);
    }
  }

  /** Drops a token PayTrace rejected (invalid_token) and gets another, unless someone already did. */
  async replace(rejected: string): Promise<string | FailureOutcome> {
    try {
      await this.store.discard(this.settings.connectionKey, rejected);
      return await this.refresh();
    } catch (error) {
      return storeFailure(error);
    }
  }

  private async refresh(): Promise<string | FailureOutcome> {
    const key = this.settings.connectionKey;
    // Normally one round: we refresh, or we wait for whoever does. More only if a refresher gave up.
    for (let round = 0; round < 3; round++) {
      const result = await this.store.withRefreshLock(key, async () => (await this.store.get(key)) ?? this.requestToken());
      if (result.ran) return result.value;
      const token = await this.store.get(key);
      if (token) return token;
    }
    return transientError('token_unavailable', 'no PayTrace access token became available');
  }

  private async requestToken(): Promise<string | FailureOutcome> {
    const { baseUrl, username, password, timeoutMs, connectionKey } = this.settings;
    const startedAt = performance.now();
    const reply = await postOnce(this.fetchFn, {
      url: `${baseUrl}/oauth/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: '*/*' },
      body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
      timeoutMs,
    });
    const read = readReply(reply);
    if ('kind' in read) {
      this.observe('/oauth/token', reply, read, startedAt);
      return read;
    }
    const { access_token: token, expires_in: expiresIn } = read.body;
    if (typeof token !== 'string' || token === '') {
      const failure = transientError('invalid_body', `HTTP ${read.status}: no access_token in the token answer`, { httpStatus: read.status });
      this.observe('/oauth/token', reply, failure, startedAt);
      return failure;
    }
    const lifetime = Number(expiresIn) > 0 ? Number(expiresIn) : DEFAULT_TOKEN_LIFETIME_S;
    await this.store.set(connectionKey, token, tokenCacheTtlMs(lifetime));
    this.observe('/oauth/token', reply, undefined, startedAt);
    return token;
  }
}

function storeFailure(error: unknown): FailureOutcome {
  return transientError('token_unavailable', `token store: ${(error as Error).message ?? String(error)}`.slice(0, 300));
}
