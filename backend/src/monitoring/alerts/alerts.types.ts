import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionOf, PageArgs } from '../../platform/graphql/pagination.js';
import { ALERT_KINDS, type AlertKind } from './alert-signal.js';
import { CHANNEL_KINDS, type AlertChannelKindName } from './alert.rules.js';

export const AlertKindEnum = Object.fromEntries(ALERT_KINDS.map((k) => [k, k])) as { [K in AlertKind]: K };
registerEnumType(AlertKindEnum, { name: 'AlertKind', description: 'What an alert rule watches.' });

export const AlertChannelKindEnum = Object.fromEntries(CHANNEL_KINDS.map((k) => [k, k])) as { [K in AlertChannelKindName]: K };
registerEnumType(AlertChannelKindEnum, { name: 'AlertChannelKind', description: 'email, or a Slack-compatible webhook signed per Standard Webhooks.' });

@ObjectType({ description: 'Where alerts are sent. A webhook URL is shown only in part: it is a credential.' })
export class AlertChannel {
  @Field(() => ID)
  id: string;

  @Field(() => AlertChannelKindEnum)
  kind: AlertChannelKindName;

  @Field()
  name: string;

  @Field({ description: 'The email address, or the webhook URL with its path hidden.' })
  target: string;

  @Field()
  enabled: boolean;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class CreatedAlertChannel {
  @Field(() => AlertChannel)
  channel: AlertChannel;

  @Field(() => String, { nullable: true, description: 'Webhook channels: the `whsec_…` signing secret. Shown this once; null for email.' })
  secret: string | null;
}

@InputType()
export class CreateAlertChannelInput {
  @Field(() => AlertChannelKindEnum)
  kind: AlertChannelKindName;

  @Field()
  name: string;

  @Field({ description: 'An email address, or the http(s) URL of a Slack-compatible incoming webhook.' })
  target: string;
}

@ObjectType({ description: "One of the tenant's alert rules (at most one per kind)." })
export class AlertRule {
  @Field(() => ID)
  id: string;

  @Field(() => AlertKindEnum)
  kind: AlertKind;

  @Field()
  enabled: boolean;

  @Field(() => Int, { nullable: true, description: 'failure_rate: alert when more than this % of the events received in the window failed (at least 5 events).' })
  thresholdPercent: number | null;

  @Field(() => Int, { nullable: true, description: 'failure_rate: the window, in minutes, the rate is measured over.' })
  windowMinutes: number | null;

  @Field(() => Int, { nullable: true, description: 'manual_review_waiting: alert when a review is open longer than this.' })
  waitMinutes: number | null;

  @Field()
  createdAt: Date;
}

@InputType()
export class UpsertAlertRuleInput {
  @Field(() => AlertKindEnum)
  kind: AlertKind;

  @Field()
  enabled: boolean;

  @Field(() => Int, { nullable: true, description: 'Required for failure_rate, 1 to 100.' })
  thresholdPercent?: number;

  @Field(() => Int, { nullable: true, description: 'Required for failure_rate, 1 to 1440.' })
  windowMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Required for manual_review_waiting, 1 to 10080.' })
  waitMinutes?: number;
}

@ObjectType({ description: 'How sending an alert to one channel went.' })
export class AlertDelivery {
  @Field(() => ID)
  channelId: string;

  @Field()
  ok: boolean;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field()
  at: Date;
}

@ObjectType('AlertSample', { description: 'An example occurrence (the first ten are kept).' })
export class AlertSampleView {
  @Field(() => String, { nullable: true })
  eventId: string | null;

  @Field(() => String, { nullable: true })
  detail: string | null;

  @Field()
  at: Date;
}

@ObjectType({ description: 'Occurrences of one problem gathered into one notice; delivered once, after the grouping window.' })
export class Alert {
  @Field(() => ID)
  id: string;

  @Field(() => AlertKindEnum)
  kind: AlertKind;

  @Field()
  groupKey: string;

  @Field()
  summary: string;

  @Field(() => Int)
  occurrences: number;

  @Field()
  firstAt: Date;

  @Field()
  lastAt: Date;

  @Field(() => Date, { nullable: true, description: 'Null while the alert still gathers occurrences.' })
  deliveredAt: Date | null;

  @Field(() => [AlertDelivery])
  delivery: AlertDelivery[];

  @Field(() => [AlertSampleView])
  samples: AlertSampleView[];
}

export const AlertConnection = ConnectionOf(Alert, 'Alert');

@ArgsType()
export class AlertPageArgs extends PageArgs {}
