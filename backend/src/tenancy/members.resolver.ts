import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RoleEnum } from '../auth/auth.types.js';
import { RequireRole } from '../auth/decorators.js';
import type { Role } from '../auth/roles.js';
import { type Connection, PageArgs, readPage } from '../platform/graphql/pagination.js';
import { MembersService } from './members.service.js';
import { Membership, MembershipConnection } from './members.types.js';

@Resolver(() => Membership)
export class MembersResolver {
  constructor(private readonly service: MembersService) {}

  @RequireRole('viewer')
  @Query(() => MembershipConnection, { description: "The tenant's members, newest first." })
  members(@Args() args: PageArgs): Promise<Connection<Membership>> {
    return this.service.list(readPage(args));
  }

  @RequireRole('admin')
  @Mutation(() => Membership, { description: 'Only owners make or unmake owners; the last owner keeps the role.' })
  changeRole(
    @Args('membershipId', { type: () => ID }) membershipId: string,
    @Args('role', { type: () => RoleEnum }) role: Role,
  ): Promise<Membership> {
    return this.service.changeRole(membershipId, role);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, { description: "Ends the member's access at once. Only owners remove owners; the last owner stays." })
  removeMember(@Args('membershipId', { type: () => ID }) membershipId: string): Promise<boolean> {
    return this.service.remove(membershipId);
  }
}
