import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Authenticator } from '../auth/authenticator.service.js';
import { hashSecret } from '../auth/credentials.js';
import { REFRESH_COOKIE } from '../auth/refresh-cookie.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { QueueService } from '../platform/queue/queue.service.js';
import { QUEUE_NAMES } from '../platform/queue/jobs.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues, for platform administrators only: a Bearer access token of a
 * platform admin, or (for a browser) the signed-in admin's refresh cookie.
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const queues = app.get(QueueService);
  const authenticator = app.get(Authenticator);
  const prisma = app.get(PrismaService);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  // Every queue of the job map, whether or not this process works it.
  createBullBoard({ queues: QUEUE_NAMES.map((name) => new BullMQAdapter(queues.queue(name))), serverAdapter });

  const isPlatformAdmin = async (request: FastifyRequest): Promise<boolean> => {
    if (request.headers.authorization) {
      const actor = await authenticator.authenticate(request.headers.authorization).catch(() => undefined);
      return Boolean(actor?.isPlatformAdmin);
    }
    const cookie = request.cookies?.[REFRESH_COOKIE];
    if (!cookie) return false;
    const session = await prisma.client.session.findUnique({ where: { tokenHash: hashSecret(cookie) } });
    if (!session || session.revokedAt || session.rotatedAt || session.expiresAt < new Date()) return false;
    const user = await prisma.client.user.findUnique({ where: { id: session.userId } });
    return Boolean(user?.isPlatformAdmin);
  };

  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (!(await isPlatformAdmin(request))) {
        await reply.status(403).send({ statusCode: 403, error: 'Forbidden', message: 'Platform administrators only' });
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
