import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PayTraceCredentials } from '../connections/paytrace/paytrace-connections.service.js';
import { MetricsService } from '../monitoring/metrics/metrics.service.js';
import type { AppConfig } from '../platform/config/config.js';
import { Egress } from '../platform/egress/egress.service.js';
import { RedisService } from '../platform/redis/redis.service.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { metricsCallObserver, type PayTraceCallMetrics } from './client/call-observers.js';
import { PayTraceClient } from './client/paytrace-client.js';
import type { CallObserver, RateLimiter } from './client/ports.js';
import { RedisRateLimiter } from './client/redis-rate-limiter.js';
import { RedisTokenStore, type TokenCodec } from './client/redis-token-store.js';

const RATE_LIMIT_WAIT_MS = 2_000;
/** The guard's own bound on one exchange; each call's shorter deadline (its fetch signal) comes first. */
const EGRESS_TIMEOUT_MS = 60_000;

/**
 * Builds PayTrace clients for connections: OAuth tokens shared through Redis (sealed with a key
 * derived from the master key, so Redis never holds a usable token), the connection's rate limit
 * counted in Redis across every process, and each call logged (no bodies) and counted in metrics.
 */
@Injectable()
export class PayTraceClients {
  private readonly logger = new Logger('PayTrace');
  private readonly tokens: RedisTokenStore;
  private readonly metrics: PayTraceCallMetrics;

  constructor(
    private readonly redis: RedisService,
    metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly egress: Egress,
  ) {
    this.tokens = new RedisTokenStore({ redis: redis.client, keyPrefix: redis.key('paytrace'), codec: sealingCodec(config.masterKey) });
    this.metrics = metricsCallObserver(metrics.registry);
  }

  forConnection(credentials: PayTraceCredentials): PayTraceClient {
    return new PayTraceClient(
      {
        baseUrl: credentials.baseUrl,
        username: credentials.username,
        password: credentials.password,
        integratorId: credentials.integratorId,
        timeZone: credentials.timeZone,
        connectionKey: cacheKeyOf(credentials),
      },
      {
        tokens: this.tokens,
        rateLimiter: this.rateLimiterFor(credentials),
        observer: this.observerFor(credentials.connectionId),
        // A base URL the tenant gave is reached through the egress guard; the built-in sandbox is Settle's own.
        ...(credentials.builtIn ? {} : { fetch: this.egress.fetch(EGRESS_TIMEOUT_MS) }),
      },
    );
  }

  /** One budget per connection, whatever its credentials are today. */
  private rateLimiterFor(credentials: PayTraceCredentials): RateLimiter {
    const limiter = new RedisRateLimiter({
      redis: this.redis.client,
      keyPrefix: this.redis.key('paytrace-rate'),
      points: credentials.rateLimitPerMinute,
      durationSeconds: 60,
      // Short: work that finds the budget spent goes back to the queue as delayed, freeing the worker.
      maxWaitMs: RATE_LIMIT_WAIT_MS,
    });
    return { acquire: () => limiter.acquire(credentials.connectionId) };
  }

  private observerFor(connectionId: string): CallObserver {
    return {
      onCall: (call) => {
        this.metrics.onCall(call);
        const line = `${call.path} → ${call.outcome} (${call.status ?? 'no answer'}, ${call.durationMs} ms) connection ${connectionId}`;
        if (call.outcome === 'TransientError' || call.outcome === 'AuthError') this.logger.warn(line);
        else this.logger.debug(line);
      },
    };
  }
}

/**
 * Tokens are cached per connection AND per credentials: after the password or user changes, the next
 * call logs in again instead of riding a token the old credentials earned (so a test of new, wrong
 * credentials fails as it should).
 */
function cacheKeyOf(credentials: PayTraceCredentials): string {
  const fingerprint = createHash('sha256')
    .update([credentials.baseUrl, credentials.username, credentials.password].join('\0'))
    .digest('base64url')
    .slice(0, 16);
  return `${credentials.connectionId}:${fingerprint}`;
}

/** AES-256-GCM under a key derived from the master key, for tokens cached in Redis. */
function sealingCodec(masterKey: Buffer): TokenCodec {
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'settle/paytrace-token-cache/v1', 32));
  return {
    seal(token) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url')).join('.');
    },
    unseal(sealed) {
      const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    },
  };
}
