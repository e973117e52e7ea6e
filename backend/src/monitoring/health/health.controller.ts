import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/decorators.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { withDeadline } from '../../platform/deadline.js';
import { RedisService } from '../../platform/redis/redis.service.js';

@Controller()
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  /** Liveness: the process answers. */
  @Public()
  @Get('healthz')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis both answer, each within CHECK_TIMEOUT_MS; 503 naming what is down otherwise. */
  @Public()
  @Get('readyz')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, redis] = await Promise.all([withDeadline(this.prisma.isReachable(), CHECK_TIMEOUT_MS, false), withDeadline(this.redis.isReachable(), CHECK_TIMEOUT_MS, false)]);
    const ready = database && redis;
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'unavailable', checks: { database: up(database), redis: up(redis) } };
  }
}

const up = (ok: boolean) => (ok ? 'up' : 'down');

/**
 * A dependency that keeps its connection open but stops answering (frozen process, network
 * partition) would otherwise hang the probe: neither the pg pool nor ioredis time out a command.
 */
const CHECK_TIMEOUT_MS = 2_000;
