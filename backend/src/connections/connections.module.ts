import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { ConnectionEvents } from './connection-events.js';
import { HeldEvents } from './integrations/held-events.js';
import { IntegrationsResolver } from './integrations/integrations.resolver.js';
import { IntegrationsService } from './integrations/integrations.service.js';
import { PayTraceConnectionsResolver } from './paytrace/paytrace-connections.resolver.js';
import { PayTraceConnectionsService } from './paytrace/paytrace-connections.service.js';
import { SageProConnectionsResolver } from './sagepro/sagepro-connections.resolver.js';
import { SageProConnectionsService } from './sagepro/sagepro-connections.service.js';

/** The tenant's connected systems, their encrypted credentials, and the integrations pairing them. */
@Module({
  imports: [MonitoringModule],
  providers: [
    ConnectionEvents,
    PayTraceConnectionsService,
    PayTraceConnectionsResolver,
    SageProConnectionsService,
    SageProConnectionsResolver,
    IntegrationsService,
    IntegrationsResolver,
    HeldEvents,
  ],
  exports: [ConnectionEvents, PayTraceConnectionsService, SageProConnectionsService, IntegrationsService],
})
export class ConnectionsModule {}
