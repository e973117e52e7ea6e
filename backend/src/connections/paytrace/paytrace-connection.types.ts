import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionOf } from '../../platform/graphql/pagination.js';
import { ENVIRONMENTS, type PayTraceEnvironmentName } from './paytrace-connection.rules.js';

export const PayTraceEnvironmentEnum = Object.fromEntries(ENVIRONMENTS.map((e) => [e, e])) as {
  [K in PayTraceEnvironmentName]: K;
};
registerEnumType(PayTraceEnvironmentEnum, {
  name: 'PayTraceEnvironment',
  description: "sandbox = Settle's built-in PayTrace sandbox; production = api.paytrace.com; custom = a base URL you give",
});

@ObjectType({ description: 'How the change feed of a connection is doing.' })
export class ChangeFeedStatus {
  @Field(() => Date, { nullable: true, description: 'Every PayTrace transaction before this instant has been seen.' })
  cursor: Date | null;

  @Field(() => Date, { nullable: true })
  lastPollAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Seconds between now and the cursor.' })
  lagSeconds: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last poll failed, if it did.' })
  lastError: string | null;
}

@ObjectType()
export class ConnectionTestSummary {
  @Field()
  result: string;

  @Field()
  testedAt: Date;
}

@ObjectType({ description: "A tenant's PayTrace account. The password is never returned, only a masked hint." })
export class PayTraceConnection {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => PayTraceEnvironmentEnum)
  environment: PayTraceEnvironmentName;

  @Field({ description: 'The API base URL (the built-in sandbox: where this Settle serves it).' })
  baseUrl: string;

  @Field()
  username: string;

  @Field()
  passwordHint: string;

  @Field()
  integratorId: string;

  @Field({ description: "The account's time zone: PayTrace timestamps carry none." })
  timeZone: string;

  @Field({ description: 'POST a transaction id here to make Settle look at it at once.' })
  notificationUrl: string;

  @Field(() => Int)
  pollIntervalSeconds: number;

  @Field(() => Int)
  rateLimitPerMinute: number;

  @Field(() => ChangeFeedStatus)
  changeFeed: ChangeFeedStatus;

  @Field(() => ConnectionTestSummary, { nullable: true })
  lastTest: ConnectionTestSummary | null;

  @Field()
  createdAt: Date;
}

export const PayTraceConnectionConnection = ConnectionOf(PayTraceConnection, 'PayTraceConnection');

@InputType()
export class CreatePayTraceConnectionInput {
  @Field(() => PayTraceEnvironmentEnum)
  environment: PayTraceEnvironmentName;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true, description: 'Only for environment custom.' })
  baseUrl?: string;

  @Field(() => String, { nullable: true, description: 'API user; not for the built-in sandbox.' })
  username?: string;

  @Field(() => String, { nullable: true })
  password?: string;

  @Field(() => String, { nullable: true })
  integratorId?: string;

  @Field(() => String, { nullable: true })
  timeZone?: string;

  @Field(() => Int, { nullable: true })
  pollIntervalSeconds?: number;

  @Field(() => Int, { nullable: true })
  rateLimitPerMinute?: number;
}

@InputType()
export class UpdatePayTraceConnectionInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true, description: 'Only for environment custom.' })
  baseUrl?: string;

  @Field(() => String, { nullable: true })
  username?: string;

  @Field(() => String, { nullable: true, description: 'A new password; leave out to keep the current one.' })
  password?: string;

  @Field(() => String, { nullable: true })
  integratorId?: string;

  @Field(() => String, { nullable: true })
  timeZone?: string;

  @Field(() => Int, { nullable: true })
  pollIntervalSeconds?: number;

  @Field(() => Int, { nullable: true })
  rateLimitPerMinute?: number;
}
