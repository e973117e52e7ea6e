import { Injectable } from '@nestjs/common';
import { SageProConnectionsService } from '../../connections/sagepro/sagepro-connections.service.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { type EnvironmentName, fieldMappings } from '../definition/flow-definition.js';
import { accountsNamedIn } from '../mappings/mapped-codes.js';

/**
 * The GL accounts a flow's rules may name in an environment: those of every Sage Pro company its pairs
 * post to (an account must exist in each). Read only when the definition names accounts, since it
 * connects to the companies; undefined when the environment has no pair yet (nothing to check against).
 */
@Injectable()
export class FlowCharts {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sagePro: SageProConnectionsService,
  ) {}

  async accountsFor(environment: EnvironmentName, definition: unknown): Promise<ReadonlySet<string> | undefined> {
    if (!namesAccounts(definition)) return undefined;
    const pairs = await this.prisma.inTenant((tx) =>
      tx.integration.findMany({ where: { environment }, select: { sageProConnectionId: true }, distinct: ['sageProConnectionId'], take: 20 }),
    );
    let accounts: Set<string> | undefined;
    for (const { sageProConnectionId } of pairs) {
      const chart = new Set((await this.sagePro.chartOfAccounts(sageProConnectionId)).map((row) => row.account));
      accounts = accounts ? new Set([...accounts].filter((account) => chart.has(account))) : chart;
    }
    return accounts;
  }

  /** The environment a new version is checked for: the first it can go to that has a pair. */
  async firstEnvironmentWithPairs(): Promise<EnvironmentName> {
    const rows = await this.prisma.inTenant((tx) => tx.integration.findMany({ select: { environment: true }, distinct: ['environment'] }));
    const present = new Set(rows.map((row) => row.environment));
    return (['dev', 'qa', 'prod'] as const).find((environment) => present.has(environment)) ?? 'dev';
  }
}

/** Whether a definition (perhaps a loose draft) names accounts: in GL rules, or outright in its field mappings. */
export function namesAccounts(definition: unknown): boolean {
  const steps = (definition as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return false;
  return steps.some((step) => {
    const config = (step as { config?: { glRules?: unknown; mappings?: unknown } } | null)?.config;
    if (Array.isArray(config?.glRules) && config.glRules.length > 0) return true;
    const mappings = fieldMappings.safeParse(config?.mappings);
    return mappings.success && accountsNamedIn(mappings.data).length > 0;
  });
}
