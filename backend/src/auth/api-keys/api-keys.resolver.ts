import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { readPage } from '../../platform/graphql/pagination.js';
import { RequireRole } from '../decorators.js';
import { ApiKey, ApiKeyConnection, ApiKeyPageArgs, CreateApiKeyInput, CreatedApiKey } from './api-key.types.js';
import { ApiKeysService } from './api-keys.service.js';

@Resolver(() => ApiKey)
export class ApiKeysResolver {
  constructor(private readonly service: ApiKeysService) {}

  @RequireRole('admin')
  @Query(() => ApiKeyConnection)
  apiKeys(@Args() args: ApiKeyPageArgs) {
    return this.service.list(readPage(args));
  }

  @RequireRole('admin')
  @Mutation(() => CreatedApiKey)
  createApiKey(@Args('input') input: CreateApiKeyInput) {
    return this.service.create(input);
  }

  @RequireRole('admin')
  @Mutation(() => ApiKey)
  revokeApiKey(@Args('id', { type: () => ID }) id: string) {
    return this.service.revoke(id);
  }
}
