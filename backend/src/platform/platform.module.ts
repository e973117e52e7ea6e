import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './config/config.js';
import { PrismaService } from './database/prisma.service.js';
import { ConnectionTestBudget, Egress } from './egress/egress.service.js';
import { MailService } from './mail/mail.service.js';
import { QueueRegistry } from './queue/queue-registry.js';
import { QueueService } from './queue/queue.service.js';
import { RedisService } from './redis/redis.service.js';
import type { Infrastructure } from './runtime/infrastructure.js';
import { SecretVault } from './secrets/secret-vault.service.js';
import { APP_CONFIG, INFRASTRUCTURE, PROCESS_ROLE, type ProcessRole } from './tokens.js';

/** Configuration and the connections every domain module uses: database, Redis, queues, mail, secrets. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, infrastructure: Infrastructure, role: ProcessRole): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: INFRASTRUCTURE, useValue: infrastructure },
        { provide: PROCESS_ROLE, useValue: role },
        {
          provide: PrismaService,
          useFactory: () => new PrismaService(infrastructure.appDatabaseUrl, config.DATABASE_POOL_SIZE),
        },
        { provide: RedisService, useFactory: () => new RedisService(infrastructure.redisUrl, config.REDIS_KEY_PREFIX) },
        QueueRegistry,
        QueueService,
        MailService,
        SecretVault,
        Egress,
        ConnectionTestBudget,
      ],
      exports: [
        APP_CONFIG,
        INFRASTRUCTURE,
        PROCESS_ROLE,
        PrismaService,
        RedisService,
        QueueRegistry,
        QueueService,
        MailService,
        SecretVault,
        Egress,
        ConnectionTestBudget,
      ],
    };
  }
}
