import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../api/json.scalar.js';

@InputType({ description: 'The event a preview runs: one of the tenant’s events, a pasted one, or a generated example. Exactly one.' })
export class FlowSampleInput {
  @Field(() => ID, { nullable: true, description: 'One of the tenant’s recent events.' }) eventId?: string;
  @Field(() => JsonScalar, { nullable: true, description: 'A pasted payload: Settle’s partner event format, or a normalised event as a timeline shows it.' }) event?: unknown;
  @Field({ nullable: true, description: 'A generated example of the trigger (approved when none is named).' }) example?: boolean;
  @Field({ nullable: true, description: 'For a generated example: approved, declined, refunded, voided, charged_back or settled.' }) trigger?: string;
}

@ObjectType()
export class FlowPreviewRule {
  @Field() step: string;
  @Field() rule: string;
  @Field(() => JsonScalar, { nullable: true }) detail?: unknown;
}

@ObjectType({ description: 'A Sage Pro row the version would write (nothing is written).' })
export class FlowPreviewRow {
  @Field() table: string;
  @Field({ description: 'insert or update' }) action: string;
  @Field() key: string;
  @Field(() => JsonScalar) values: unknown;
}

@ObjectType()
export class FlowPreviewProblem {
  @Field() field: string;
  @Field() message: string;
}

@ObjectType({ description: 'What a version (or the draft) of a flow would do with one event, written nowhere.' })
export class FlowPreview {
  @Field() trigger: string;
  @Field({ description: 'False: the trigger or a filter stops it.' }) taken: boolean;
  @Field() decision: string;
  @Field() summary: string;
  @Field(() => String, { nullable: true }) status: string | null;
  @Field(() => String, { nullable: true }) glAccount: string | null;
  @Field(() => [FlowPreviewRule]) firedRules: FlowPreviewRule[];
  @Field(() => [FlowPreviewRow]) rows: FlowPreviewRow[];
  @Field(() => [FlowPreviewProblem]) problems: FlowPreviewProblem[];
  @Field(() => JsonScalar, { description: 'The event previewed (normalised).' }) event: unknown;
  @Field(() => Int) durationMs: number;
}
