import { Args, ArgsType, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { PageArgs, readPage } from '../../platform/graphql/pagination.js';
import {
  CreatePayTraceConnectionInput,
  PayTraceConnection,
  PayTraceConnectionConnection,
  UpdatePayTraceConnectionInput,
} from './paytrace-connection.types.js';
import { PayTraceConnectionsService } from './paytrace-connections.service.js';
import type { HeldEventsChoice } from '../integrations/integration.rules.js';
import { HeldEventsChoiceEnum } from '../integrations/integration.types.js';

@ArgsType()
class PayTraceConnectionPageArgs extends PageArgs {}

@Resolver(() => PayTraceConnection)
export class PayTraceConnectionsResolver {
  constructor(private readonly connections: PayTraceConnectionsService) {}

  @RequireRole('viewer')
  @Query(() => PayTraceConnectionConnection)
  payTraceConnections(@Args() args: PayTraceConnectionPageArgs) {
    return this.connections.list(readPage(args));
  }

  @RequireRole('viewer')
  @Query(() => PayTraceConnection)
  payTraceConnection(@Args('id', { type: () => ID }) id: string) {
    return this.connections.get(id);
  }

  @RequireRole('admin')
  @Mutation(() => PayTraceConnection, { description: 'environment sandbox creates a built-in sandbox merchant: one click.' })
  createPayTraceConnection(@Args('input') input: CreatePayTraceConnectionInput) {
    return this.connections.create(input);
  }

  @RequireRole('admin')
  @Mutation(() => PayTraceConnection)
  updatePayTraceConnection(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdatePayTraceConnectionInput) {
    return this.connections.update(id, input);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, {
    description:
      'Its integration is deleted with it. When that holds events (paused), it is refused naming heldEvents and their count unless heldEvents says what to do; PROCESS_FIRST resumes it instead and answers false.',
  })
  deletePayTraceConnection(
    @Args('id', { type: () => ID }) id: string,
    @Args('heldEvents', { type: () => HeldEventsChoiceEnum, nullable: true }) heldEvents?: HeldEventsChoice | null,
  ) {
    return this.connections.remove(id, heldEvents);
  }

  @RequireRole('admin')
  @Mutation(() => PayTraceConnection, { description: 'Issues a new notification URL; the old one stops working.' })
  rotatePayTraceNotificationUrl(@Args('id', { type: () => ID }) id: string) {
    return this.connections.rotateNotificationUrl(id);
  }
}
