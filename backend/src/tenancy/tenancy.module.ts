import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { TenantResolver } from './tenant.resolver.js';
import { TenantService } from './tenant.service.js';

/** The tenant itself and the people in it: settings, members, invitations, partner access. */
@Module({
  imports: [MonitoringModule],
  providers: [TenantService, TenantResolver],
})
export class TenancyModule {}
