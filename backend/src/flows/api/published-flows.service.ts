import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '../../platform/database/prisma.service.js';
import type { EnvironmentName, FlowDefinition, FlowKind } from '../definition/flow-definition.js';

export interface DeployedFlow {
  versionId: string;
  number: number;
  definition: FlowDefinition;
}

/** Versions never change, so their definitions are kept once read; this bounds how many. */
const CACHED_DEFINITIONS = 500;

/**
 * What the pipeline runs: the version of a flow deployed to an environment, or null for the built-in
 * default flow (version 0). One small indexed query per call; the definition (immutable) is read
 * once per version and process.
 */
@Injectable()
export class PublishedFlows {
  private readonly definitions = new Map<string, FlowDefinition>();

  constructor(private readonly prisma: PrismaService) {}

  /** In `tx` when given (the drain's own transaction, already scoped to the tenant). */
  async deployed(tenantId: string, environment: EnvironmentName, kind: FlowKind, tx?: Tx): Promise<DeployedFlow | null> {
    const read = async (scoped: Tx): Promise<DeployedFlow | null> => {
      const [row] = await scoped.$queryRaw<{ version_id: string; number: number }[]>`
        SELECT d.version_id, v.number
          FROM flows f
          JOIN flow_deployments d ON d.flow_id = f.id AND d.environment = ${environment}::deployment_environment
          JOIN flow_versions v ON v.id = d.version_id
         WHERE f.tenant_id = ${tenantId}::uuid AND f.kind = ${kind}::flow_kind`;
      if (!row) return null;
      return { versionId: row.version_id, number: row.number, definition: await this.definition(scoped, row.version_id) };
    };
    return tx ? read(tx) : this.prisma.inScope({ tenantId, access: 'read' }, read);
  }

  private async definition(tx: Tx, versionId: string): Promise<FlowDefinition> {
    const known = this.definitions.get(versionId);
    if (known) return known;
    const { definition } = await tx.flowVersion.findUniqueOrThrow({ where: { id: versionId }, select: { definition: true } });
    if (this.definitions.size >= CACHED_DEFINITIONS) this.definitions.delete(this.definitions.keys().next().value!);
    this.definitions.set(versionId, definition as FlowDefinition);
    return definition as FlowDefinition;
  }
}
