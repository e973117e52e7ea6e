import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionOf, PageArgs } from '../platform/graphql/pagination.js';
import { CONNECTION_TEST_STATUSES, type ConnectionTestStatus } from './connection-test.js';

export const ConnectionTestStatusEnum = Object.fromEntries(CONNECTION_TEST_STATUSES.map((s) => [s, s])) as {
  [K in ConnectionTestStatus]: K;
};
registerEnumType(ConnectionTestStatusEnum, { name: 'ConnectionTestStatus' });

@ObjectType()
export class ConnectionTestResult {
  @Field(() => ConnectionTestStatusEnum)
  status: ConnectionTestStatus;

  @Field()
  message: string;

  @Field(() => Int)
  durationMs: number;

  @Field()
  testedAt: Date;
}

@ObjectType({ description: 'A new or changed PayTrace transaction, recorded once per (transaction, state).' })
export class TransactionChange {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  connectionId: string;

  @Field({ description: "PayTrace's transaction id." })
  transactionId: string;

  @Field({ description: 'approved, declined, voided, refunded, settled or charged_back' })
  state: string;

  @Field({ description: 'sale, authorization, capture, refund, void or chargeback' })
  kind: string;

  @Field(() => Int, { description: 'Integer minor units (cents).' })
  amountMinor: number;

  @Field()
  currency: string;

  @Field()
  occurredAt: Date;

  @Field({ description: 'poll, notification, backfill or settle' })
  source: string;

  @Field()
  createdAt: Date;
}

export const TransactionChangeConnection = ConnectionOf(TransactionChange, 'TransactionChange');

@ArgsType()
export class TransactionChangeArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  connectionId?: string;
}
