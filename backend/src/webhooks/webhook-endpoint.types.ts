import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionOf } from '../platform/graphql/pagination.js';
import { WEBHOOK_FORMATS, type WebhookFormatName } from './webhook-endpoint.rules.js';

export const WebhookFormatEnum = Object.fromEntries(WEBHOOK_FORMATS.map((f) => [f, f])) as { [K in WebhookFormatName]: K };
registerEnumType(WebhookFormatEnum, {
  name: 'WebhookFormat',
  description: "shopify_orders = Shopify's order webhook (HMAC signed); settle_events = Settle's partner payment events (Standard Webhooks)",
});

export const SIGNING_SECRET_HELP =
  "shopify_orders: the secret your Shopify store signs its webhooks with, so Settle can verify them: the key under Shopify admin → Settings → Notifications → Webhooks (\"Your webhooks will be signed with …\"), or your Shopify app's client secret for webhooks the app subscribes. 16–256 characters, no spaces; stored encrypted and never shown again. Leave it out only when a relay you run signs the orders: Settle then generates one and shows it once. settle_events: leave it out; Settle generates the Standard Webhooks (whsec_…) secret.";

@ObjectType({ description: 'A URL senders POST events to. Its signing secret is shown only when created or rotated.' })
export class WebhookEndpoint {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => WebhookFormatEnum)
  format: WebhookFormatName;

  @Field(() => ID)
  integrationId: string;

  @Field({ description: 'POST deliveries here.' })
  url: string;

  @Field({ description: 'The last four characters of the current secret.' })
  secretHint: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  rotatedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until then the secret before the last rotation still verifies.' })
  previousSecretExpiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastDeliveryAt: Date | null;
}

export const WebhookEndpointConnection = ConnectionOf(WebhookEndpoint, 'WebhookEndpoint');

@ObjectType()
export class CreatedWebhookEndpoint {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field(() => String, {
    nullable: true,
    description: 'The secret Settle generated, shown this once: paste it into the sender. Null when you supplied signingSecret. Settle keeps it encrypted and never shows it again.',
  })
  secret: string | null;

  @Field()
  url: string;
}

@ObjectType()
export class RotatedWebhookSecret {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field(() => String, { nullable: true, description: 'The new secret Settle generated, shown this once; null when you supplied signingSecret.' })
  secret: string | null;

  @Field({ description: 'The previous secret verifies until then (WEBHOOK_ROTATION_GRACE_HOURS).' })
  previousSecretExpiresAt: Date;
}

@InputType()
export class CreateWebhookEndpointInput {
  @Field(() => ID)
  integrationId: string;

  @Field(() => WebhookFormatEnum)
  format: WebhookFormatName;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: SIGNING_SECRET_HELP })
  signingSecret?: string | null;
}
