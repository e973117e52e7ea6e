import { Args, ArgsType, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/decorators.js';
import { PageArgs, readPage } from '../platform/graphql/pagination.js';
import { CreatedWebhookEndpoint, CreateWebhookEndpointInput, RotatedWebhookSecret, WebhookEndpoint, WebhookEndpointConnection } from './webhook-endpoint.types.js';

const ROTATION_SECRET_HELP =
  'shopify_orders: the new secret Shopify signs with (e.g. after you rotate your app\'s client secret); leave it out to have Settle generate one for a relay. settle_events: leave it out.';
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
  @Mutation(() => CreatedWebhookEndpoint, { description: 'A secret Settle generates is in this answer only; one you supply (signingSecret) is never returned.' })
  createWebhookEndpoint(@Args('input') input: CreateWebhookEndpointInput) {
    return this.endpoints.create(input);
  }

  @RequireRole('admin')
  @Mutation(() => RotatedWebhookSecret, { description: 'Switches to a new secret (supplied, or issued by Settle); the previous one verifies until previousSecretExpiresAt.' })
  rotateWebhookEndpointSecret(
    @Args('id', { type: () => ID }) id: string,
    @Args('signingSecret', { type: () => String, nullable: true, description: ROTATION_SECRET_HELP }) signingSecret?: string | null,
  ) {
    return this.endpoints.rotateSecret(id, signingSecret);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, { description: 'Deliveries to its URL are refused with 404 from then on.' })
  deleteWebhookEndpoint(@Args('id', { type: () => ID }) id: string) {
    return this.endpoints.remove(id);
  }
}
