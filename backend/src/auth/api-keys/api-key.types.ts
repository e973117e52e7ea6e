import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ConnectionOf, PageArgs } from '../../platform/graphql/pagination.js';
import { ApiKeyScopeEnum } from '../auth.types.js';
import type { ApiKeyScope } from '../roles.js';

@ObjectType({ description: 'A tenant API key for partners and scripts. Only its prefix is ever shown again.' })
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'Visible part of the key: `stl_<prefix>_…`.' })
  prefix: string;

  @Field(() => [ApiKeyScopeEnum])
  scopes: ApiKeyScope[];

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}

export const ApiKeyConnection = ConnectionOf(ApiKey, 'ApiKey');

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: 'The whole key. Shown this once; Settle keeps only its hash.' })
  secret: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  name: string;

  @Field(() => [ApiKeyScopeEnum])
  scopes: ApiKeyScope[];
}

@ArgsType()
export class ApiKeyPageArgs extends PageArgs {}
