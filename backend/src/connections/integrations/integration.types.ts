import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { EnvironmentName } from '../../flows/definition/flow-definition.js';
import { EnvironmentEnum } from '../../flows/api/environment.enum.js';
import { ConnectionOf } from '../../platform/graphql/pagination.js';
import { HELD_EVENTS_CHOICES, type HeldEventsChoice, REFERENCE_FIELDS, type ReferenceField, UNMATCHED_POLICIES, type UnmatchedPolicy } from './integration.rules.js';

export const ReferenceFieldEnum = Object.fromEntries(REFERENCE_FIELDS.map((f) => [f, f])) as { [K in ReferenceField]: K };
registerEnumType(ReferenceFieldEnum, { name: 'IntegrationReferenceField', description: 'The PayTrace field that carries the Sage Pro invoice or order number.' });

export const UnmatchedPolicyEnum = Object.fromEntries(UNMATCHED_POLICIES.map((p) => [p, p])) as { [K in UnmatchedPolicy]: K };
registerEnumType(UnmatchedPolicyEnum, {
  name: 'UnmatchedPaymentPolicy',
  description: 'manual_review = a person places a payment no invoice matches; payment_on_account = it is applied to the customer on account',
});

export const HeldEventsChoiceEnum = Object.fromEntries(HELD_EVENTS_CHOICES.map((c) => [c, c])) as { [K in HeldEventsChoice]: K };
registerEnumType(HeldEventsChoiceEnum, {
  name: 'HeldEventsChoice',
  description:
    'What a delete does with the events a paused integration holds: PROCESS_FIRST resumes it so they are posted to Sage Pro (nothing is deleted); DISCARD ignores them and deletes.',
});

@ObjectType({ description: 'A PayTrace account paired with the Sage Pro company its payments are posted to.' })
export class Integration {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => ID, { nullable: true, description: 'Null until a PayTrace account is paired.' })
  payTraceConnectionId: string | null;

  @Field(() => ID)
  sageProConnectionId: string;

  @Field(() => ReferenceFieldEnum)
  referenceField: ReferenceField;

  @Field(() => UnmatchedPolicyEnum)
  unmatchedPolicy: UnmatchedPolicy;

  @Field(() => Int, { description: 'Days either side of a payment the customer + amount + date fallback looks for an invoice.' })
  matchWindowDays: number;

  @Field({ description: 'Stock location (iciloc.loctid) of the sales orders order-to-cash creates.' })
  orderLocation: string;

  @Field()
  enabled: boolean;

  @Field(() => EnvironmentEnum, { description: 'The environment whose flow versions this pair runs.' })
  environment: EnvironmentName;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const IntegrationConnection = ConnectionOf(Integration, 'Integration');

@ObjectType({ description: "An integration's events that wait: for the pause and delete confirmations." })
export class IntegrationEvents {
  @Field(() => Int, { description: 'Not finished yet: what waits if it is paused now (new payments wait too, until it is resumed).' })
  waiting: number;

  @Field(() => Int, { description: 'Held while it is paused: what deleting it (or a connection it uses) asks about.' })
  held: number;
}

@InputType()
export class CreateIntegrationInput {
  @Field()
  name: string;

  @Field(() => ID, { nullable: true, description: 'A PayTrace connection not yet in another integration.' })
  payTraceConnectionId?: string;

  @Field(() => ID)
  sageProConnectionId: string;

  @Field(() => ReferenceFieldEnum, { nullable: true, description: 'Defaults to invoice_id.' })
  referenceField?: ReferenceField;

  @Field(() => UnmatchedPolicyEnum, { nullable: true, description: 'Defaults to manual_review.' })
  unmatchedPolicy?: UnmatchedPolicy;

  @Field(() => Int, { nullable: true, description: '0 to 90, default 7.' })
  matchWindowDays?: number;

  @Field(() => String, { nullable: true, description: "Defaults to 'MAIN'." })
  orderLocation?: string;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to true.' })
  enabled?: boolean;

  @Field(() => EnvironmentEnum, { nullable: true, description: 'Defaults to prod.' })
  environment?: EnvironmentName;
}

@InputType({ description: 'What is left out stays as it is.' })
export class UpdateIntegrationInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => ID, { nullable: true })
  payTraceConnectionId?: string;

  @Field(() => ID, { nullable: true })
  sageProConnectionId?: string;

  @Field(() => ReferenceFieldEnum, { nullable: true })
  referenceField?: ReferenceField;

  @Field(() => UnmatchedPolicyEnum, { nullable: true })
  unmatchedPolicy?: UnmatchedPolicy;

  @Field(() => Int, { nullable: true })
  matchWindowDays?: number;

  @Field(() => String, { nullable: true })
  orderLocation?: string;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean;

  @Field(() => EnvironmentEnum, { nullable: true })
  environment?: EnvironmentName;
}
