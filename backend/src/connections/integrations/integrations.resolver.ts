import { Args, ArgsType, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { PageArgs, readPage } from '../../platform/graphql/pagination.js';
import type { HeldEventsChoice } from './integration.rules.js';
import { CreateIntegrationInput, HeldEventsChoiceEnum, Integration, IntegrationConnection, IntegrationEvents, UpdateIntegrationInput } from './integration.types.js';
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

  @RequireRole('viewer')
  @Query(() => IntegrationEvents, { description: 'How many of its events wait: what pausing it holds, and what deleting it asks about.' })
  async integrationEvents(@Args('id', { type: () => ID }) id: string): Promise<IntegrationEvents> {
    return this.service.eventCounts(id);
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
  @Mutation(() => Boolean, {
    description:
      'Its webhook endpoints are deleted with it. With held events (it is paused) it is refused naming heldEvents and their count unless heldEvents says what to do; PROCESS_FIRST resumes it instead and answers false.',
  })
  deleteIntegration(
    @Args('id', { type: () => ID }) id: string,
    @Args('heldEvents', { type: () => HeldEventsChoiceEnum, nullable: true }) heldEvents?: HeldEventsChoice | null,
  ) {
    return this.service.remove(id, heldEvents);
  }
}
