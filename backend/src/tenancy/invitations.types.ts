import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RoleEnum } from '../auth/auth.types.js';
import type { Role } from '../auth/roles.js';
import { ConnectionOf } from '../platform/graphql/pagination.js';

@ObjectType({ description: 'An emailed offer to join this tenant. The token is sent once and only its hash is kept.' })
export class Invitation {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field(() => RoleEnum)
  role: Role;

  @Field()
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  acceptedAt: Date | null;

  @Field()
  createdAt: Date;
}

export const InvitationConnection = ConnectionOf(Invitation, 'Invitation');
