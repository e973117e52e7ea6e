import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TARGET_RECORDS, type TargetRecord } from '../definition/flow-definition.js';
import { JsonScalar } from '../api/json.scalar.js';

export const TargetRecordEnum = Object.fromEntries(TARGET_RECORDS.map((record) => [record, record])) as { [K in TargetRecord]: K };
registerEnumType(TargetRecordEnum, { name: 'TargetRecord', description: 'What a flow writes to Sage Pro: a cash receipt (ARCASH), an invoice status (ARMAST/SOMAST), a customer (ARCUST), a sales order (SOMAST), its lines (SOTRAN), a GL line (ARDIST).' });

export enum MappingDecisionKind {
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(MappingDecisionKind, { name: 'MappingDecisionKind' });

@ObjectType({ description: 'A leaf of the source tree: a value a mapping can read.' })
export class MappingSourceLeaf {
  @Field({ description: "Mapping path: dots between names, [] for each element of an array ('line_items[].sku')." }) path: string;
  @Field({ description: 'The inferred format of its values: money, date, email, code, masked_card, …' }) format: string;
  @Field(() => [String], { description: 'Up to 5 distinct sample values, as text (card numbers redacted).' }) samples: string[];
  @Field({ description: 'Inside an array (one value per element).' }) inArray: boolean;
  @Field(() => String, { nullable: true, description: 'The innermost array it is in.' }) arrayPath: string | null;
  @Field(() => Int, { description: 'Longest sample, in characters.' }) maxLength: number;
}

@ObjectType()
export class MappingSourceArray {
  @Field() path: string;
  @Field(() => Int) elements: number;
}

@ObjectType({ description: 'The left side of the field mapper: a sample flattened into its leaves.' })
export class MappingSources {
  @Field({ description: "The sample's source format ('paytrace-export', 'shopify-order', 'settle-payment-event', …): the key of the priors." }) format: string;
  @Field(() => [MappingSourceLeaf]) leaves: MappingSourceLeaf[];
  @Field(() => [MappingSourceArray], { description: 'Arrays of objects (order lines): sources of a per-line record.' }) arrays: MappingSourceArray[];
  @Field(() => String, { nullable: true, description: 'For a per-line record: the array its rows would come from.' }) linesPath: string | null;
}

@ObjectType({ description: "One of the tenant's recent events, to build the source tree from." })
export class MappingSampleEvent {
  @Field(() => ID) id: string;
  @Field() source: string;
  @Field() type: string;
  @Field() format: string;
  @Field() receivedAt: Date;
}

@ObjectType({ description: 'A field of a target record (the right side of the mapper).' })
export class MappingTargetField {
  @Field() name: string;
  @Field({ description: 'The Sage Pro table: arcash, armast, arcust, somast, sotran, ardist.' }) table: string;
  @Field({ description: 'char, money, date, numeric or memo.' }) type: string;
  @Field({ description: "As people read it: 'char(6)', 'numeric(12,2)'." }) typeText: string;
  @Field(() => Int, { nullable: true, description: 'Characters of a char, digits of a numeric.' }) width: number | null;
  @Field(() => Int, { nullable: true }) scale: number | null;
  @Field() required: boolean;
  @Field() description: string;
  @Field(() => String, { nullable: true, description: 'What Settle writes when nothing maps the field.' }) defaultValue: string | null;
  @Field(() => String, { nullable: true, description: 'Why Settle sets it itself: no mapping may.' }) settleOwns: string | null;
  @Field(() => String, { nullable: true, description: 'gl_account or order_status: the value must be a code the company keeps.' }) code: string | null;
}

@ObjectType()
export class MappingTargets {
  @Field(() => TargetRecordEnum) record: TargetRecord;
  @Field() description: string;
  @Field({ description: 'Written once per element of a source array.' }) perLine: boolean;
  @Field(() => [MappingTargetField]) fields: MappingTargetField[];
}

@ObjectType()
export class MappingCandidate {
  @Field() path: string;
  @Field(() => Float, { description: '0 to 1.' }) confidence: number;
  @Field({ description: "One line: 'name: invoice_id ≈ invno; …'." }) reason: string;
}

@ObjectType()
export class MappingFieldSuggestion {
  @Field() field: string;
  @Field({ description: "The Sage Pro column: 'arcash.invno'." }) target: string;
  @Field() required: boolean;
  @Field(() => String, { nullable: true }) settleOwns: string | null;
  @Field(() => [MappingCandidate], { description: 'Best first; may include candidates under the threshold.' }) candidates: MappingCandidate[];
  @Field(() => MappingCandidate, { nullable: true, description: 'The top candidate when it reaches the threshold.' }) suggestion: MappingCandidate | null;
  @Field(() => String, { nullable: true, description: "'no good source' when none reaches the threshold." }) abstained: string | null;
}

@ObjectType()
export class MappingSuggestions {
  @Field() format: string;
  @Field(() => Float) threshold: number;
  @Field({ description: "Whether the dev pair's Sage Pro company was read for known values." }) companyValues: boolean;
  @Field(() => String, { nullable: true, description: 'The model that re-ranked the candidates (SUGGEST_LLM_URL); null: the local ranking.' }) rerankedBy: string | null;
  @Field(() => [MappingFieldSuggestion]) fields: MappingFieldSuggestion[];
}

@InputType()
export class MappingDecisionInput {
  @Field(() => ID) flowId: string;
  @Field(() => TargetRecordEnum) record: TargetRecord;
  @Field() field: string;
  @Field({ description: 'The suggested source path.' }) path: string;
  @Field(() => MappingDecisionKind) decision: MappingDecisionKind;
  @Field({ description: 'The source format the suggestion was for (MappingSources.format).' }) format: string;
}

@ObjectType()
export class MappingDecisionResult {
  @Field({ description: 'False: the same decision was recorded moments ago (a double click counts once).' }) counted: boolean;
  @Field(() => Int, { description: "This tenant's acceptances of the path for the field and format." }) accepted: number;
  @Field(() => Int) rejected: number;
}

@ObjectType()
export class MappingRuleError {
  @Field() message: string;
  @Field(() => Int, { nullable: true, description: 'Character in the path or expression, when known.' }) position: number | null;
}

@ObjectType({ description: 'A rule evaluated on the sample; a broken one is an error here, not a GraphQL error.' })
export class MappingRuleEvaluation {
  @Field(() => JsonScalar, { nullable: true, description: 'The value (a per-line record: one per line).' }) value: unknown;
  @Field(() => MappingRuleError, { nullable: true }) error: MappingRuleError | null;
}
