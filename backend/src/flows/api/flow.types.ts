import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Integration } from '../../connections/integrations/integration.types.js';
import { ConnectionOf } from '../../platform/graphql/pagination.js';
import { type EnvironmentName, FLOW_KINDS, type FlowKind } from '../definition/flow-definition.js';
import { EnvironmentEnum } from './environment.enum.js';
import { JsonScalar } from './json.scalar.js';

export const FlowKindEnum = Object.fromEntries(FLOW_KINDS.map((k) => [k, k])) as { [K in FlowKind]: K };
registerEnumType(FlowKindEnum, { name: 'FlowKind', description: 'payment_sync: PayTrace payments; order_to_cash: shop and partner orders.' });

export const FLOW_PROMOTION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type FlowPromotionStatus = (typeof FLOW_PROMOTION_STATUSES)[number];
export const FlowPromotionStatusEnum = Object.fromEntries(FLOW_PROMOTION_STATUSES.map((s) => [s, s])) as { [K in FlowPromotionStatus]: K };
registerEnumType(FlowPromotionStatusEnum, { name: 'FlowPromotionStatus' });

export const FLOW_CHANGE_KINDS = ['added', 'removed', 'changed', 'moved'] as const;
export const FlowChangeKindEnum = Object.fromEntries(FLOW_CHANGE_KINDS.map((s) => [s, s])) as { [K in (typeof FLOW_CHANGE_KINDS)[number]]: K };
registerEnumType(FlowChangeKindEnum, { name: 'FlowChangeKind' });

@ObjectType({ description: 'Why a flow definition cannot run yet, and where: the designer shows it on the step.' })
export class FlowProblem {
  @Field({ description: 'Where in the definition, e.g. steps[2].config.glRules[0].account.' })
  path: string;

  @Field(() => String, { nullable: true })
  stepId?: string | null;

  @Field()
  message: string;

  @Field(() => Int, { nullable: true, description: 'The character of an expression where it breaks.' })
  position?: number | null;
}

@ObjectType({ description: 'The definition being edited. Saving it changes nothing that runs; publishing makes a version of it.' })
export class FlowDraft {
  @Field(() => ID)
  flowId: string;

  @Field(() => JsonScalar)
  definition: unknown;

  @Field(() => Int, { description: 'Grows by one with each save; a save or publish must name the revision it was based on.' })
  revision: number;

  @Field(() => [FlowProblem], { description: 'What stops it from being published; empty when it may be.' })
  problems: FlowProblem[];

  @Field(() => ID, { nullable: true })
  updatedBy: string | null;

  @Field()
  updatedAt: Date;
}

@ObjectType({ description: 'A published version of a flow: numbered, immutable, with its author, time and comment.' })
export class FlowVersion {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  flowId: string;

  @Field(() => Int, { description: '1, 2, … per flow; 0 is never a version: it is the built-in default flow.' })
  number: number;

  @Field(() => JsonScalar)
  definition: unknown;

  @Field()
  comment: string;

  @Field(() => ID, { nullable: true })
  authorId: string | null;

  @Field()
  createdAt: Date;
}

export const FlowVersionConnection = ConnectionOf(FlowVersion, 'FlowVersion');

@ObjectType({ description: 'What one environment runs for a flow.' })
export class FlowDeployment {
  @Field(() => ID)
  flowId: string;

  @Field(() => FlowKindEnum)
  kind: FlowKind;

  @Field(() => EnvironmentEnum)
  environment: EnvironmentName;

  @Field(() => ID, { nullable: true, description: 'Null: the built-in default flow runs (version 0).' })
  versionId: string | null;

  @Field(() => Int, { description: '0: the built-in default flow.' })
  versionNumber: number;

  @Field(() => ID, { nullable: true })
  deployedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'Null while the built-in default runs.' })
  deployedAt: Date | null;
}


@ObjectType({ description: "One of a tenant's flows: what happens to one kind of trigger. Its versions: flowVersions(flowId)." })
export class Flow {
  @Field(() => ID)
  id: string;

  @Field(() => FlowKindEnum)
  kind: FlowKind;

  @Field()
  name: string;

  @Field()
  createdAt: Date;

  @Field(() => FlowDraft)
  draft: FlowDraft;

  @Field(() => [FlowDeployment], { description: 'What dev, qa and prod run.' })
  deployments: FlowDeployment[];
}

export type FlowView = Flow;

@ObjectType({ description: 'A request to promote a version to prod that another owner or admin approves.' })
export class FlowPromotion {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  flowId: string;

  @Field(() => ID)
  versionId: string;

  @Field(() => Int)
  versionNumber: number;

  @Field(() => EnvironmentEnum)
  environment: EnvironmentName;

  @Field(() => FlowPromotionStatusEnum)
  status: FlowPromotionStatus;

  @Field(() => ID, { nullable: true, description: 'The person who asked; null when an API key did.' })
  requestedBy: string | null;

  @Field(() => ID, { nullable: true })
  decidedBy: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;
}

export const FlowPromotionConnection = ConnectionOf(FlowPromotion, 'FlowPromotion');

@ObjectType({ description: 'What a promotion did: deployed at once, or asked for approval (prod, when the tenant wants it).' })
export class FlowPromotionResult {
  @Field(() => FlowDeployment, { nullable: true, description: 'Set when the version now runs there.' })
  deployment: FlowDeployment | null;

  @Field(() => FlowPromotion, { nullable: true, description: 'Set when the promotion waits for another person to approve it.' })
  promotion: FlowPromotion | null;
}

@ObjectType({ description: 'A tenant environment: its integration pairs and what each flow runs there.' })
export class FlowEnvironment {
  @Field(() => EnvironmentEnum)
  name: EnvironmentName;

  @Field(() => [Integration], { description: 'The pairs of this environment, each with its own PayTrace and Sage Pro connections (at most 100).' })
  integrations: Integration[];

  @Field(() => [FlowDeployment], { description: 'One per flow.' })
  deployments: FlowDeployment[];
}

@ObjectType({ description: 'One difference between two definitions of a flow.' })
export class FlowChange {
  @Field({ description: 'From the step: transform.config.statusMap.declined.' })
  path: string;

  @Field(() => String, { nullable: true })
  stepId?: string | null;

  @Field(() => FlowChangeKindEnum)
  change: (typeof FLOW_CHANGE_KINDS)[number];

  @Field(() => JsonScalar, { nullable: true })
  before?: unknown;

  @Field(() => JsonScalar, { nullable: true })
  after?: unknown;
}
