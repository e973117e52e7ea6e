import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RoleEnum } from '../auth/auth.types.js';
import { CurrentActor, RequireRole, SignedIn } from '../auth/decorators.js';
import type { Role } from '../auth/roles.js';
import type { Actor } from '../platform/database/tenant-context.js';
import { PartnersService } from './partners.service.js';
import { PartnerGrant, PartnerTenantsArgs, TenantAccessConnection } from './partners.types.js';

@Resolver(() => PartnerGrant)
export class PartnersResolver {
  constructor(private readonly service: PartnersService) {}

  @RequireRole('admin')
  @Query(() => [PartnerGrant], { description: 'Partner firms with access to this tenant.' })
  partnerGrants(): Promise<PartnerGrant[]> {
    return this.service.grants();
  }

  @SignedIn()
  @Query(() => TenantAccessConnection, { description: "Tenants the caller's partner firm was granted; empty for people outside a partner firm." })
  partnerTenants(@CurrentActor() actor: Actor, @Args() args: PartnerTenantsArgs) {
    return this.service.tenantsOf(actor.userId!, args);
  }

  @RequireRole('admin')
  @Mutation(() => PartnerGrant, { description: "Lets a partner firm's users work in this tenant with this role (at most your own)." })
  grantPartnerAccess(
    @Args('partnerId', { type: () => ID }) partnerId: string,
    @Args('role', { type: () => RoleEnum }) role: Role,
  ): Promise<PartnerGrant> {
    return this.service.grant(partnerId, role);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, { description: "Ends a partner firm's access to this tenant at once." })
  revokePartnerAccess(@Args('partnerId', { type: () => ID }) partnerId: string): Promise<boolean> {
    return this.service.revoke(partnerId);
  }
}
