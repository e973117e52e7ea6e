import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PageArgs, PageInfo } from '../platform/graphql/pagination.js';

const MINOR = 'Minor units of `currency`, as a whole number in text (totals can pass 2^31).';

@ObjectType({ description: 'Per category and currency: how many items and the money on each side.' })
export class ReconciliationTotal {
  @Field({ description: 'matched, amount_mismatch, missing_in_sage, not_in_paytrace, duplicate_receipt, reversal_still_standing, pending_settlement, explained.' }) category: string;
  @Field() currency: string;
  @Field(() => Int) count: number;
  @Field({ description: `What PayTrace moved. ${MINOR}` }) paytraceMinor: string;
  @Field({ description: `What Sage Pro recorded. ${MINOR}` }) sageMinor: string;
}

@ObjectType()
export class ReconciliationRecords {
  @Field(() => [String], { description: 'PayTrace transaction ids.' }) paytrace: string[];
  @Field(() => [String], { description: "Sage Pro lines: 'arcash:1042'." }) sage: string[];
}

@ObjectType({ description: 'One classified item: what PayTrace says, what Sage Pro has, and what differs, in one sentence.' })
export class ReconciliationItem {
  @Field(() => Int, { description: "The item's place in its report." }) position: number;
  @Field() category: string;
  @Field() sentence: string;
  @Field(() => String, { nullable: true }) transactionId: string | null;
  @Field(() => String, { nullable: true, description: "Settle's reference (PT…) the item is about." }) reference: string | null;
  @Field(() => String, { nullable: true, description: MINOR }) paytraceMinor: string | null;
  @Field(() => String, { nullable: true, description: MINOR }) sageMinor: string | null;
  @Field() currency: string;
  @Field(() => ReconciliationRecords) records: ReconciliationRecords;
  @Field(() => String, { nullable: true, description: 'feed_pipeline or propose_reversal: the one-action fix it has.' }) fix: string | null;
  @Field(() => String, { nullable: true, description: 'For an explained item: the difference it would be.' }) explains: string | null;
}

@ObjectType()
export class ReconciliationItemConnection {
  @Field(() => [ReconciliationItem]) nodes: ReconciliationItem[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType({ description: 'One reconciliation of an integration pair over a range of the tenant\'s days.' })
export class ReconciliationReport {
  @Field(() => ID) id: string;
  @Field(() => ID) integrationId: string;
  @Field() environment: string;
  @Field({ description: 'YYYY-MM-DD' }) from: string;
  @Field({ description: 'YYYY-MM-DD' }) to: string;
  @Field() startedAt: Date;
  @Field() finishedAt: Date;
  @Field(() => Int) itemCount: number;
  @Field(() => Int, { description: 'Items a person must look at (every category but matched, pending settlement and explained).' }) unexplained: number;
  @Field(() => [ReconciliationTotal]) totals: ReconciliationTotal[];
}

@ObjectType()
export class ReconciliationReportConnection {
  @Field(() => [ReconciliationReport]) nodes: ReconciliationReport[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@InputType()
export class RunReconciliationInput {
  @Field(() => ID) integrationId: string;
  @Field({ description: "The first of the tenant's days, YYYY-MM-DD." }) from: string;
  @Field({ description: 'The last day, YYYY-MM-DD; at most 92 days after from.' }) to: string;
}

@ArgsType()
export class ReconciliationItemsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only items of this category.' }) category?: string;
}
