import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/decorators.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
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

  /** Readiness: PostgreSQL and Redis both answer; 503 naming what is down otherwise. */
  @Public()
  @Get('readyz')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, redis] = await Promise.all([this.prisma.isReachable(), this.redis.isReachable()]);
    const ready = database && redis;
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'unavailable', checks: { database: up(database), redis: up(redis) } };
  }
}

const up = (ok: boolean) => (ok ? 'up' : 'down');
