import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
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

export const PAYMENT_STATUSES = ['approved', 'declined', 'rejected', 'failed'] as const;
export const PaymentStatusEnum = Object.fromEntries(PAYMENT_STATUSES.map((s) => [s, s])) as { [K in (typeof PAYMENT_STATUSES)[number]]: K };
registerEnumType(PaymentStatusEnum, { name: 'PaymentStatus', description: 'rejected = PayTrace refused the input; failed = no clear answer' });

@ObjectType({ description: 'A charge Settle made; its transaction change is recorded at once.' })
export class PaymentResultView {
  @Field(() => PaymentStatusEnum)
  status: (typeof PAYMENT_STATUSES)[number];

  @Field(() => String, { nullable: true })
  transactionId: string | null;

  @Field(() => String, { nullable: true, description: "The processor's text, verbatim." })
  approvalMessage: string | null;

  @Field()
  message: string;

  @Field({ description: 'Whether the transaction change was recorded (false: the next poll will).' })
  changeRecorded: boolean;
}

@InputType()
export class ChargeVaultCustomerInput {
  @Field({ description: 'PayTrace vault customer id (Settle never handles card numbers).' })
  customerId: string;

  @Field(() => Int, { description: 'Integer minor units (cents), 1 to 99,999,999.' })
  amountMinor: number;

  @Field(() => String, { nullable: true })
  invoiceId?: string;

  @Field(() => String, { nullable: true })
  description?: string;
}
