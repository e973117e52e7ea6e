import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { EnvironmentEnum } from '../../flows/api/environment.enum.js';
import type { EnvironmentName } from '../../flows/definition/flow-definition.js';
import { FlowSampleInput } from '../../flows/preview/flow-preview.types.js';
import { FlowTestRuns } from './flow-test-runs.service.js';

@Resolver()
export class FlowTestRunsResolver {
  constructor(private readonly testRuns: FlowTestRuns) {}

  @RequireRole('operator')
  @Mutation(() => ID, {
    description:
      "Sends a sample through dev's or qa's first pair (its sandbox connections), run by the version deployed there; answers the event's id, whose timeline (syncEvent) shows the result. Never prod.",
  })
  testRunFlow(@Args('environment', { type: () => EnvironmentEnum }) environment: EnvironmentName, @Args('sample', { type: () => FlowSampleInput }) sample: FlowSampleInput) {
    return this.testRuns.run(environment, sample);
  }
}
