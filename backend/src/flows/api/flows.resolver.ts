import { Args, ArgsType, Field, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { PageArgs, readPage } from '../../platform/graphql/pagination.js';
import type { EnvironmentName } from '../definition/flow-definition.js';
import { DeploymentsService } from './deployments.service.js';
import { EnvironmentEnum } from './environment.enum.js';
import {
  Flow,
  FlowChange,
  FlowDeployment,
  FlowDraft,
  type FlowView,
  FlowEnvironment,
  FlowPromotion,
  FlowPromotionConnection,
  FlowPromotionResult,
  type FlowPromotionStatus,
  FlowPromotionStatusEnum,
  FlowVersion,
  FlowVersionConnection,
} from './flow.types.js';
import { FlowsService } from './flows.service.js';
import { JsonScalar } from './json.scalar.js';

@ArgsType()
class FlowVersionsArgs extends PageArgs {
  @Field(() => ID)
  flowId: string;
}

@ArgsType()
class FlowPromotionsArgs extends PageArgs {
  @Field(() => FlowPromotionStatusEnum, { nullable: true, description: 'Only these; all when left out.' })
  status?: FlowPromotionStatus | null;
}

/**
 * Flows, their drafts, versions and deployments. Everyone in the tenant reads them; changing what
 * runs (and the draft it comes from) takes the role that edits integrations: admin.
 */
@Resolver(() => Flow)
export class FlowsResolver {
  constructor(
    private readonly flowService: FlowsService,
    private readonly deploymentService: DeploymentsService,
  ) {}

  @RequireRole('viewer')
  @Query(() => [FlowEnvironment], { description: 'dev, qa and prod: their integration pairs, and the version of each flow deployed there.' })
  environments() {
    return this.deploymentService.environments();
  }

  @RequireRole('viewer')
  @Query(() => [Flow], { description: "The tenant's flows, one per kind (made with the built-in default as their draft on first read)." })
  async flows(): Promise<FlowView[]> {
    const rows = await this.flowService.list();
    const deployments = await this.deploymentService.deployments();
    return Promise.all(rows.map(async (row) => ({ ...row, draft: await this.flowService.draft(row.id), deployments: deployments.filter((d) => d.flowId === row.id) })));
  }

  @RequireRole('viewer')
  @Query(() => Flow)
  async flow(@Args('id', { type: () => ID }) id: string): Promise<FlowView> {
    const row = await this.flowService.get(id);
    return { ...row, draft: await this.flowService.draft(id), deployments: await this.deploymentService.deployments(id) };
  }

  @RequireRole('viewer')
  @Query(() => FlowVersionConnection, { description: 'A flow\'s published versions, newest first.' })
  flowVersions(@Args() args: FlowVersionsArgs) {
    return this.flowService.versions(args.flowId, readPage(args));
  }

  @RequireRole('viewer')
  @Query(() => FlowVersion)
  flowVersion(@Args('id', { type: () => ID }) id: string) {
    return this.flowService.version(id);
  }

  @RequireRole('viewer')
  @Query(() => [FlowChange], { description: 'Field by field, what changes from one version to another of the same flow; without toVersionId, to its draft.' })
  flowVersionDiff(@Args('fromVersionId', { type: () => ID }) fromVersionId: string, @Args('toVersionId', { type: () => ID, nullable: true }) toVersionId?: string | null) {
    return this.flowService.diff(fromVersionId, toVersionId);
  }

  @RequireRole('viewer')
  @Query(() => FlowPromotionConnection, { description: 'Promotions to prod that wait for (or had) a second person, newest first.' })
  flowPromotions(@Args() args: FlowPromotionsArgs) {
    return this.deploymentService.promotions(args.status, readPage(args));
  }

  @RequireRole('admin')
  @Mutation(() => FlowDraft, {
    description: 'Stores the draft if it is still at `revision` (else CONFLICT: reload it). It may be incomplete: `problems` says what stops it from being published.',
  })
  saveFlowDraft(
    @Args('flowId', { type: () => ID }) flowId: string,
    @Args('definition', { type: () => JsonScalar }) definition: unknown,
    @Args('revision', { type: () => Int }) revision: number,
  ) {
    return this.flowService.saveDraft(flowId, definition, revision);
  }

  @RequireRole('admin')
  @Mutation(() => FlowDraft, { description: 'Resets the draft to the latest published version (the built-in default when none); with `revision`, only if it is still at it.' })
  discardFlowDraft(@Args('flowId', { type: () => ID }) flowId: string, @Args('revision', { type: () => Int, nullable: true }) revision?: number | null) {
    return this.flowService.discardDraft(flowId, revision);
  }

  @RequireRole('admin')
  @Mutation(() => FlowVersion, {
    description:
      "Makes the draft at `revision` the next numbered, immutable version. Refused with BAD_USER_INPUT listing each problem (extensions.problems: path, stepId, message, position); GL accounts are checked against the chart of the Sage Pro companies of the first environment with pairs.",
    complexity: 200,
  })
  publishFlowVersion(
    @Args('flowId', { type: () => ID }) flowId: string,
    @Args('revision', { type: () => Int }) revision: number,
    @Args('comment', { type: () => String, nullable: true }) comment?: string | null,
  ) {
    return this.flowService.publish(flowId, comment, revision);
  }

  @RequireRole('admin')
  @Mutation(() => FlowPromotionResult, {
    description:
      'dev takes any published version; qa one that has been in dev; prod one that has been in qa. To prod, when the tenant setting prodPromotionNeedsApproval is on, it answers a pending promotion that another owner or admin approves.',
    complexity: 200,
  })
  promoteFlowVersion(@Args('versionId', { type: () => ID }) versionId: string, @Args('environment', { type: () => EnvironmentEnum }) environment: EnvironmentName) {
    return this.deploymentService.promote(versionId, environment);
  }

  @RequireRole('admin')
  @Mutation(() => FlowPromotion, { description: 'Deploys a pending promotion; by another person than the one who asked, once (a second approval is CONFLICT).', complexity: 200 })
  approveFlowPromotion(@Args('id', { type: () => ID }) id: string) {
    return this.deploymentService.approve(id);
  }

  @RequireRole('admin')
  @Mutation(() => FlowPromotion, { description: 'Turns a pending promotion down; the one who asked may withdraw it this way.' })
  rejectFlowPromotion(@Args('id', { type: () => ID }) id: string) {
    return this.deploymentService.reject(id);
  }

  @RequireRole('admin')
  @Mutation(() => FlowDeployment, {
    description: 'The environment runs an earlier version again: the named one (it must have run there before) or the previous one; before the first, the built-in default.',
  })
  rollbackFlow(
    @Args('flowId', { type: () => ID }) flowId: string,
    @Args('environment', { type: () => EnvironmentEnum }) environment: EnvironmentName,
    @Args('versionId', { type: () => ID, nullable: true }) versionId?: string | null,
  ) {
    return this.deploymentService.rollback(flowId, environment, versionId);
  }
}
