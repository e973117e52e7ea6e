import { Field, InputType } from '@nestjs/graphql';
import { RoleEnum } from '../auth/auth.types.js';
import type { Role } from '../auth/roles.js';

@InputType()
export class InviteInput {
  @Field()
  email: string;

  @Field(() => RoleEnum)
  role: Role;
}

@InputType()
export class AcceptInvitationInput {
  @Field({ description: 'The token from the invitation email.' })
  token: string;

  @Field({ description: "A new account's password, or the existing account's password when the email already has one." })
  password: string;

  @Field(() => String, { nullable: true, description: 'Used only when a new account is created.' })
  name?: string | null;
}
