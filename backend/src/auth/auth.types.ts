import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Tenant } from '../tenancy/tenant.types.js';
import { API_KEY_SCOPES, ROLES, type ApiKeyScope, type Role } from './roles.js';

export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };
export const ApiKeyScopeEnum = Object.fromEntries(API_KEY_SCOPES.map((s) => [s, s])) as { [K in ApiKeyScope]: K };
registerEnumType(RoleEnum, { name: 'Role', description: 'viewer < operator < admin < owner' });
registerEnumType(ApiKeyScopeEnum, { name: 'ApiKeyScope', description: 'read = viewer, write = operator, admin = admin' });

@ObjectType()
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field(() => String, { nullable: true })
  name: string | null;
}

@ObjectType({ description: 'A solution-architect firm that works in many client tenants.' })
export class Partner {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;
}

@ObjectType()
export class TenantAccess {
  @Field(() => Tenant)
  tenant: Tenant;

  @Field(() => RoleEnum)
  role: Role;

  @Field({ description: 'True when the access comes from a partner grant rather than a membership.' })
  viaPartner: boolean;
}

@ObjectType()
export class Me {
  @Field(() => User)
  user: User;

  @Field(() => Tenant, { nullable: true, description: 'The tenant this session acts in.' })
  tenant: Tenant | null;

  @Field(() => RoleEnum, { nullable: true })
  role: Role | null;

  @Field(() => Partner, { nullable: true })
  partner: Partner | null;

  @Field()
  isPlatformAdmin: boolean;

  @Field(() => [TenantAccess], { description: 'Every tenant this user can switch to.' })
  tenants: TenantAccess[];
}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Short-lived JWT; send as `Authorization: Bearer <token>`.' })
  accessToken: string;

  @Field()
  expiresAt: Date;

  @Field(() => Me)
  me: Me;
}

@InputType()
export class SignUpInput {
  @Field()
  companyName: string;

  @Field()
  email: string;

  @Field()
  password: string;

  @Field(() => String, { nullable: true })
  name?: string;
}

@InputType()
export class SignUpPartnerInput {
  @Field()
  partnerName: string;

  @Field()
  email: string;

  @Field()
  password: string;

  @Field(() => String, { nullable: true })
  name?: string;
}

@InputType()
export class LogInInput {
  @Field()
  email: string;

  @Field()
  password: string;
}
