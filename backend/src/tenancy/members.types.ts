import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RoleEnum, User } from '../auth/auth.types.js';
import type { Role } from '../auth/roles.js';
import { ConnectionOf } from '../platform/graphql/pagination.js';

@ObjectType({ description: "A person's place in this tenant." })
export class Membership {
  @Field(() => ID)
  id: string;

  @Field(() => User)
  user: User;

  @Field(() => RoleEnum)
  role: Role;

  @Field()
  createdAt: Date;
}

export const MembershipConnection = ConnectionOf(Membership, 'Membership');
