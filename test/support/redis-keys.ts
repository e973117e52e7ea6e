import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix` (BullMQ queues, rate limits, flags) with SCAN, never KEYS. A Redis
 * that is gone (a private one, already stopped) is skipped: there is nothing left to delete.
 */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (error) {
    if (client.status !== 'end') console.error(`[test] could not delete Redis keys ${prefix}*`, error);
  } finally {
    client.disconnect();
  }
}
