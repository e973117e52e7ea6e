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
  @Mutation(() => Boolean)
  deletePayTraceConnection(@Args('id', { type: () => ID }) id: string) {
    return this.connections.remove(id);
  }

  @RequireRole('admin')
  @Mutation(() => PayTraceConnection, { description: 'Issues a new notification URL; the old one stops working.' })
  rotatePayTraceNotificationUrl(@Args('id', { type: () => ID }) id: string) {
    return this.connections.rotateNotificationUrl(id);
  }
}
