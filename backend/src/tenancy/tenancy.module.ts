import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { InvitationsResolver } from './invitations.resolver.js';
import { InvitationsService } from './invitations.service.js';
import { MembersResolver } from './members.resolver.js';
import { MembersService } from './members.service.js';
import { PartnersResolver } from './partners.resolver.js';
import { PartnersService } from './partners.service.js';
import { TenantResolver } from './tenant.resolver.js';
import { TenantService } from './tenant.service.js';

/** The tenant itself and the people in it: settings, members, invitations, partner access. */
@Module({
  imports: [MonitoringModule, AuthModule],
  providers: [
    TenantService,
    TenantResolver,
    MembersService,
    MembersResolver,
    InvitationsService,
    InvitationsResolver,
    PartnersService,
    PartnersResolver,
  ],
})
export class TenancyModule {}
