import { Args, ArgsType, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { PageArgs, readPage } from '../../platform/graphql/pagination.js';
import { CreateIntegrationInput, Integration, IntegrationConnection, UpdateIntegrationInput } from './integration.types.js';
import { IntegrationsService } from './integrations.service.js';

@ArgsType()
class IntegrationPageArgs extends PageArgs {}

@Resolver(() => Integration)
export class IntegrationsResolver {
  constructor(private readonly service: IntegrationsService) {}

  @RequireRole('viewer')
  @Query(() => IntegrationConnection)
  integrations(@Args() args: IntegrationPageArgs) {
    return this.service.list(readPage(args));
  }

  @RequireRole('viewer')
  @Query(() => Integration)
  integration(@Args('id', { type: () => ID }) id: string) {
    return this.service.get(id);
  }

  @RequireRole('admin')
  @Mutation(() => Integration, { description: 'Pairs a Sage Pro company with (optionally) a PayTrace account not paired elsewhere.' })
  createIntegration(@Args('input') input: CreateIntegrationInput) {
    return this.service.create(input);
  }

  @RequireRole('admin')
  @Mutation(() => Integration)
  updateIntegration(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateIntegrationInput) {
    return this.service.update(id, input);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, { description: 'Its webhook endpoints are deleted with it.' })
  deleteIntegration(@Args('id', { type: () => ID }) id: string) {
    return this.service.remove(id);
  }
}
