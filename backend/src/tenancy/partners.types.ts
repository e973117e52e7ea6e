import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Partner, RoleEnum } from '../auth/auth.types.js';
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

  @Field(() => String, { nullable: true, description: 'The id of the last tenant of the previous page.' })
  after?: string;
}
