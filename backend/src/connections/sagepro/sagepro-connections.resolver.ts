import { Args, ArgsType, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { PageArgs, readPage } from '../../platform/graphql/pagination.js';
import {
  CreateSageProConnectionInput,
  SageProConnection,
  SageProConnectionConnection,
  SageProGlAccount,
  SageProPostingInput,
  SageProTestResult,
  UpdateSageProConnectionInput,
} from './sagepro-connection.types.js';
import { SageProConnectionsService } from './sagepro-connections.service.js';
import type { HeldEventsChoice } from '../integrations/integration.rules.js';
import { HeldEventsChoiceEnum } from '../integrations/integration.types.js';

@ArgsType()
class SageProConnectionPageArgs extends PageArgs {}

@Resolver(() => SageProConnection)
export class SageProConnectionsResolver {
  constructor(private readonly connections: SageProConnectionsService) {}

  @RequireRole('viewer')
  @Query(() => SageProConnectionConnection)
  sageProConnections(@Args() args: SageProConnectionPageArgs) {
    return this.connections.list(readPage(args));
  }

  @RequireRole('viewer')
  @Query(() => SageProConnection)
  sageProConnection(@Args('id', { type: () => ID }) id: string) {
    return this.connections.get(id);
  }

  @RequireRole('viewer')
  @Query(() => [SageProGlAccount], { description: "The company's chart of accounts (GLACNT), to choose the posting accounts from. Answers within 10 s." })
  sageProChartOfAccounts(@Args('connectionId', { type: () => ID }) connectionId: string) {
    return this.connections.chartOfAccounts(connectionId);
  }

  @RequireRole('admin')
  @Mutation(() => SageProConnection, { description: 'edition sandbox connects the built-in sandbox company: one click.' })
  createSageProConnection(@Args('input') input: CreateSageProConnectionInput) {
    return this.connections.create(input);
  }

  @RequireRole('admin')
  @Mutation(() => SageProConnection)
  updateSageProConnection(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateSageProConnectionInput) {
    return this.connections.update(id, input);
  }

  @RequireRole('admin')
  @Mutation(() => SageProConnection, {
    description: "GL accounts (only accounts of the company's own chart), where payment status goes and its codes, credit hold policy.",
  })
  updateSageProPosting(@Args('id', { type: () => ID }) id: string, @Args('input') input: SageProPostingInput) {
    return this.connections.updatePosting(id, { ...input });
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, {
    description:
      'The integrations posting into it are deleted with it. When they hold events (paused), it is refused naming heldEvents and their count unless heldEvents says what to do; PROCESS_FIRST resumes them instead and answers false.',
  })
  deleteSageProConnection(
    @Args('id', { type: () => ID }) id: string,
    @Args('heldEvents', { type: () => HeldEventsChoiceEnum, nullable: true }) heldEvents?: HeldEventsChoice | null,
  ) {
    return this.connections.remove(id, heldEvents);
  }

  @RequireRole('operator')
  @Mutation(() => SageProTestResult, { description: 'Connects, checks the Sage Pro tables and reads one row; answers within 10 s.' })
  async testSageProConnection(@Args('id', { type: () => ID }) id: string): Promise<SageProTestResult> {
    return { ...(await this.connections.test(id)), testedAt: new Date() };
  }
}
