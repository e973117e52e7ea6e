import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { EnvironmentEnum } from '../api/environment.enum.js';
import type { EnvironmentName } from '../definition/flow-definition.js';
import { FlowPreview, FlowSampleInput } from './flow-preview.types.js';
import { FlowPreviewService } from './flow-preview.service.js';

@Resolver()
export class FlowPreviewResolver {
  constructor(private readonly previews: FlowPreviewService) {}

  @RequireRole('viewer')
  @Query(() => FlowPreview, {
    description:
      "What a version (the draft when versionId is left out) would do with a sample in an environment: the rules that fire and the Sage Pro rows it would write, read from that environment's pair without locks. Writes nothing anywhere.",
    complexity: 50,
  })
  previewFlow(
    @Args('flowId', { type: () => ID }) flowId: string,
    @Args('sample', { type: () => FlowSampleInput }) sample: FlowSampleInput,
    @Args('versionId', { type: () => ID, nullable: true }) versionId?: string | null,
    @Args('environment', { type: () => EnvironmentEnum, nullable: true, defaultValue: 'dev' }) environment: EnvironmentName = 'dev',
  ) {
    return this.previews.preview(flowId, versionId, environment, sample);
  }
}
