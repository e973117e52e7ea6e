import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/decorators.js';
import { PageArgs } from '../platform/graphql/pagination.js';
import { ReconciliationReports } from './reconciliation-reports.service.js';
import { ReconciliationService } from './reconciliation.service.js';
import { ReconciliationItemConnection, ReconciliationItemsArgs, ReconciliationReport, ReconciliationReportConnection, RunReconciliationInput } from './reconciliation.types.js';

/** Reconciliation reports: viewers read them; an admin runs one. */
@Resolver(() => ReconciliationReport)
export class ReconciliationResolver {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly reports: ReconciliationReports,
  ) {}

  @RequireRole('admin')
  @Mutation(() => ReconciliationReport, {
    // Reads a range of PayTrace's export and of Sage Pro's receipts, and writes every item.
    complexity: 100,
    description: "Reconciles an integration pair over a range of the tenant's days (at most 92) and stores the report: every PayTrace transaction and every Sage Pro card receipt of the range, classified, each with a sentence.",
  })
  async runReconciliation(@Args('input') input: RunReconciliationInput): Promise<ReconciliationReport> {
    const report = await this.reconciliation.run(input);
    return this.reports.get(report.id);
  }

  @RequireRole('viewer')
  @Query(() => ReconciliationReportConnection, { description: 'Reports, newest first.' })
  reconciliationReports(@Args() page: PageArgs) {
    return this.reports.list(page);
  }

  @RequireRole('viewer')
  @Query(() => ReconciliationReport)
  reconciliationReport(@Args('id', { type: () => ID }) id: string) {
    return this.reports.get(id);
  }

  @RequireRole('viewer')
  @Query(() => ReconciliationItemConnection, { description: "A report's items in its order, of one category when named." })
  reconciliationItems(@Args('reportId', { type: () => ID }) reportId: string, @Args() args: ReconciliationItemsArgs) {
    return this.reports.items(reportId, args);
  }
}
