import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule } from './auth/auth.module.js';
import { graphqlMetricsPlugin } from './monitoring/metrics/graphql-metrics.plugin.js';
import { MetricsService } from './monitoring/metrics/metrics.service.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import type { AppConfig } from './platform/config/config.js';
import { ClientErrorFilter } from './platform/graphql/client-error.filter.js';
import { graphqlOptions, graphqlServing } from './platform/graphql/graphql.options.js';
import { RedisService } from './platform/redis/redis.service.js';
import { Authenticator } from './auth/authenticator.service.js';
import { PlatformModule } from './platform/platform.module.js';
import type { Infrastructure } from './platform/runtime/infrastructure.js';
import type { ProcessRole } from './platform/tokens.js';
import { ConnectionsModule } from './connections/connections.module.js';
import { PayTraceModule } from './paytrace/paytrace.module.js';
import { SageProSandboxViewerModule } from './sandbox/sagepro/sagepro-viewer.module.js';
import { SandboxModule } from './sandbox/sandbox.module.js';
import { TenancyModule } from './tenancy/tenancy.module.js';
import { AlertsModule } from './monitoring/alerts/alerts.module.js';
import { PipelineModule } from './pipeline/pipeline.module.js';
import { ExchangeRatesModule } from './flows/rates/exchange-rates.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { DemoModule } from './demo/demo.module.js';
import { FlowsModule } from './flows/flows.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, infrastructure: Infrastructure, role: ProcessRole): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, infrastructure, role),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [MonitoringModule, AuthModule],
          inject: [MetricsService, RedisService, Authenticator],
          useFactory: (metrics: MetricsService, redis: RedisService, authenticator: Authenticator) =>
            graphqlOptions([graphqlMetricsPlugin(metrics)], graphqlServing(config, redis, (request) => authenticator.authenticateRequest(request))),
        }),
        MonitoringModule,
        AuthModule,
        TenancyModule,
        SandboxModule,
        ConnectionsModule,
        SageProSandboxViewerModule,
        PayTraceModule,
        AlertsModule,
        PipelineModule,
        ExchangeRatesModule,
        WebhooksModule,
        DemoModule,
        FlowsModule,
        ReconciliationModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ClientErrorFilter }],
    };
  }
}
