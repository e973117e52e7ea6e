import { Body, Controller, HttpCode, HttpException, Param, Post, Query } from '@nestjs/common';
import { Public } from '../auth/decorators.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { ChangeFeedJobs } from './change-feed/change-feed.jobs.js';
import { transactionIdOf } from './notification-hint.js';

interface Endpoint {
  connection_id: string;
  tenant_id: string;
}

/**
 * POST /notifications/paytrace/<endpoint id>: anyone holding the connection's unguessable URL (PayTrace,
 * the merchant's own systems, the sandbox) may say "look at transaction N". Settle treats it only as a
 * hint: it answers 202 and fetches the truth from PayTrace with export/by_id.
 */
@Controller('notifications/paytrace')
export class PayTraceNotificationsController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly jobs: ChangeFeedJobs,
  ) {}

  @Public()
  @Post(':endpointId')
  @HttpCode(202)
  async notify(@Param('endpointId') endpointId: string, @Body() body: unknown, @Query() query: Record<string, unknown>) {
    const [endpoint] = /^[A-Za-z0-9_-]{16,64}$/.test(endpointId)
      ? await this.prisma.client.$queryRaw<Endpoint[]>`SELECT * FROM paytrace_find_notification_endpoint(${endpointId})`
      : [];
    if (!endpoint) throw new HttpException({ statusCode: 404, error: 'Not Found', message: 'Unknown notification URL' }, 404);
    const transactionId = transactionIdOf(body) ?? transactionIdOf(query);
    if (transactionId === undefined) {
      throw new HttpException({ statusCode: 400, error: 'Bad Request', message: 'transaction_id: a positive integer is required' }, 400);
    }
    try {
      await this.jobs.lookUp(endpoint.tenant_id, endpoint.connection_id, transactionId);
    } catch {
      // Nothing is lost: the next poll reads this transaction anyway; the caller may retry sooner.
      throw new HttpException({ statusCode: 503, error: 'Service Unavailable', message: 'Try again shortly' }, 503);
    }
    return { accepted: true, transactionId };
  }
}
