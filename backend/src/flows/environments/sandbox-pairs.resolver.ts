import { Mutation, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { DeploymentsService, type EnvironmentView } from '../api/deployments.service.js';
import { FlowEnvironment } from '../api/flow.types.js';
import { SANDBOX_PAIR_ENVIRONMENTS } from './sandbox-pairs.rules.js';
import { SandboxPairsService } from './sandbox-pairs.service.js';

/** Sandbox pairs for dev and qa, on demand: what sign-up does for new tenants, for the others. */
@Resolver()
export class SandboxPairsResolver {
  constructor(
    private readonly pairs: SandboxPairsService,
    private readonly deployments: DeploymentsService,
  ) {}

  @RequireRole('admin')
  @Mutation(() => [FlowEnvironment], {
    description:
      'Gives dev and qa each an integration pair on the built-in sandboxes (a sandbox PayTrace merchant and a sandbox Sage Pro company, named "Dev sandbox" and "QA sandbox") where the environment has none; idempotent. Answers dev and qa as they are then. FORBIDDEN when the sandboxes are off on this server.',
  })
  async provisionSandboxPairs(): Promise<EnvironmentView[]> {
    await this.pairs.provision();
    const environments = await this.deployments.environments();
    return environments.filter((environment) => (SANDBOX_PAIR_ENVIRONMENTS as readonly string[]).includes(environment.name));
  }
}
