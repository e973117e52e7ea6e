import { Args, Float, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { JsonScalar } from '../api/json.scalar.js';
import type { TargetRecord } from '../definition/flow-definition.js';
import { SAGE_TARGETS } from '../mappings/sage-targets.js';
import { FlowSampleInput } from '../preview/flow-preview.types.js';
import { MapperService } from './mapper.service.js';
import {
  MappingDecisionInput,
  MappingDecisionResult,
  MappingRuleEvaluation,
  MappingSampleEvent,
  MappingSources,
  MappingSuggestions,
  MappingTargets,
  TargetRecordEnum,
} from './mapper.types.js';
import { targetFields } from './record-suggestions.js';

/**
 * The field mapper: what a sample offers (left), what Sage Pro takes (right), suggestions between
 * them, decisions that teach the suggester, and one rule evaluated as it is typed. Everyone in the
 * tenant may look; recording a decision changes what later suggestions say, so it takes the role
 * that edits flows (admin).
 */
@Resolver()
export class MapperResolver {
  constructor(private readonly mapper: MapperService) {}

  @RequireRole('viewer')
  @Query(() => [MappingSampleEvent], { description: "The tenant's most recent events of the flow's kind (of one trigger when named), card numbers redacted, to use as a sample.", complexity: 20 })
  mappingSampleEvents(
    @Args('flowId', { type: () => ID }) flowId: string,
    @Args('trigger', { type: () => String, nullable: true }) trigger?: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 10 }) first = 10,
  ) {
    return this.mapper.sampleEvents(flowId, trigger, first);
  }

  @RequireRole('viewer')
  @Query(() => MappingSources, { description: 'The source tree of a sample (each leaf with its path, format, sample values) and the name of its format.', complexity: 30 })
  async mappingSources(@Args('flowId', { type: () => ID }) flowId: string, @Args('sample', { type: () => FlowSampleInput }) sample: FlowSampleInput): Promise<MappingSources> {
    const read = await this.mapper.sample(flowId, sample);
    return {
      format: read.format,
      leaves: read.tree.leaves.map((leaf) => ({ path: leaf.path, format: leaf.format, samples: [...leaf.samples], inArray: leaf.arrayPath !== undefined, arrayPath: leaf.arrayPath ?? null, maxLength: leaf.maxLength })),
      arrays: [...read.tree.arrays],
      linesPath: this.mapper.linesPath(read.tree),
    };
  }

  @RequireRole('viewer')
  @Query(() => MappingTargets, { description: 'Every field of a target record: type, width, required, description, default, and why Settle sets it when no mapping may.' })
  mappingTargets(@Args('record', { type: () => TargetRecordEnum }) record: TargetRecord): MappingTargets {
    const spec = SAGE_TARGETS[record];
    return { record, description: spec.description, perLine: spec.perLine, fields: targetFields(record) };
  }

  @RequireRole('viewer')
  @Query(() => MappingSuggestions, {
    description: "Ranked source candidates for the record's fields (or only `fields`), each with a confidence and a reason, or 'no good source' below the threshold (default 0.5).",
    complexity: 100,
  })
  mappingSuggestions(
    @Args('flowId', { type: () => ID }) flowId: string,
    @Args('record', { type: () => TargetRecordEnum }) record: TargetRecord,
    @Args('sample', { type: () => FlowSampleInput }) sample: FlowSampleInput,
    @Args('fields', { type: () => [String], nullable: true }) fields?: string[] | null,
    @Args('threshold', { type: () => Float, nullable: true }) threshold?: number | null,
    @Args('linesPath', { type: () => String, nullable: true, description: "For a per-line record: the array its rows come from ('payload.line_items[]'); default: the one that looks like the order's lines." }) linesPath?: string | null,
  ) {
    return this.mapper.suggestions(flowId, record, sample, fields, threshold, linesPath);
  }

  @RequireRole('admin')
  @Mutation(() => MappingDecisionResult, { description: 'Records that a suggestion was accepted or rejected: counted for this tenant and, anonymously, for all tenants of the same format; audited.', complexity: 20 })
  recordMappingDecision(@Args('input', { type: () => MappingDecisionInput }) input: MappingDecisionInput) {
    return this.mapper.recordDecision(input);
  }

  @RequireRole('viewer')
  @Query(() => MappingRuleEvaluation, { description: 'One rule (path, constant, lookup or JSONata expression) evaluated on the sample; a broken one answers with its error and position.', complexity: 30 })
  evaluateMappingRule(
    @Args('flowId', { type: () => ID }) flowId: string,
    @Args('record', { type: () => TargetRecordEnum }) record: TargetRecord,
    @Args('field') field: string,
    @Args('rule', { type: () => JsonScalar }) rule: unknown,
    @Args('sample', { type: () => FlowSampleInput }) sample: FlowSampleInput,
  ) {
    return this.mapper.evaluateRule(flowId, record, field, rule, sample);
  }
}
