import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Partner, RoleEnum, TenantAccess } from '../auth/auth.types.js';
import { ConnectionOf } from '../platform/graphql/pagination.js';
import type { Role } from '../auth/roles.js';

@ObjectType({ description: "A partner firm's access to this tenant: its users act here with this role." })
export class PartnerGrant {
  @Field(() => Partner)
  partner: Partner;

  @Field(() => RoleEnum)
  role: Role;

  @Field()
  createdAt: Date;
}

@ArgsType()
export class PartnerTenantsArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 100 (default 50).' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}

export const TenantAccessConnection = ConnectionOf(TenantAccess, 'TenantAccess');
