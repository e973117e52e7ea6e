import { Args, ArgsType, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/decorators.js';
import { PageArgs, readPage } from '../platform/graphql/pagination.js';
import { CreatedWebhookEndpoint, CreateWebhookEndpointInput, RotatedWebhookSecret, WebhookEndpoint, WebhookEndpointConnection } from './webhook-endpoint.types.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

@ArgsType()
class WebhookEndpointPageArgs extends PageArgs {}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointsResolver {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @RequireRole('viewer')
  @Query(() => WebhookEndpointConnection)
  webhookEndpoints(@Args() args: WebhookEndpointPageArgs) {
    return this.endpoints.list(readPage(args));
  }

  @RequireRole('admin')
  @Mutation(() => CreatedWebhookEndpoint, { description: 'The signing secret is in this answer only.' })
  createWebhookEndpoint(@Args('input') input: CreateWebhookEndpointInput) {
    return this.endpoints.create(input);
  }

  @RequireRole('admin')
  @Mutation(() => RotatedWebhookSecret, { description: 'Issues a new secret; the previous one verifies until previousSecretExpiresAt.' })
  rotateWebhookEndpointSecret(@Args('id', { type: () => ID }) id: string) {
    return this.endpoints.rotateSecret(id);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, { description: 'Deliveries to its URL are refused with 404 from then on.' })
  deleteWebhookEndpoint(@Args('id', { type: () => ID }) id: string) {
    return this.endpoints.remove(id);
  }
}
