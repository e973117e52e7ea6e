import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/decorators.js';
import { UpdateTenantInput } from './tenant.inputs.js';
import { TenantService } from './tenant.service.js';
import { Tenant } from './tenant.types.js';

@Resolver(() => Tenant)
export class TenantResolver {
  constructor(private readonly tenants: TenantService) {}

  @RequireRole('viewer')
  @Query(() => Tenant, { description: 'The tenant this session or API key acts in.' })
  tenant(): Promise<Tenant> {
    return this.tenants.current();
  }

  @RequireRole('admin')
  @Mutation(() => Tenant)
  updateTenant(@Args('input') input: UpdateTenantInput): Promise<Tenant> {
    return this.tenants.update(input);
  }
}
