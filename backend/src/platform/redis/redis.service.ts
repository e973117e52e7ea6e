import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';

/** The shared Redis connection for rate limits and short-lived flags; BullMQ opens its own. */
@Injectable()
export class RedisService implements OnModuleDestroy {
  readonly client: Redis;

  constructor(
    readonly url: string,
    readonly prefix: string,
  ) {
    // Commands fail fast while Redis is down instead of queueing forever; readiness reports it.
    this.client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.client.on('error', () => undefined);
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async isReachable(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}
