import { defaultFlowDefinition } from '../../backend/src/flows/definition/default-flows.js';
import type { FieldMappings, FlowDefinition, FlowKind } from '../../backend/src/flows/definition/flow-definition.js';
import type { PipelineTenant } from '../pipeline/pipeline-harness.js';

/**
 * Saves the tenant's `kind` flow as its default with `mappings` on the transform step, publishes it
 * with `comment` and deploys it dev → qa → prod, as a person would; the version published.
 */
export async function releaseMappings(tenant: PipelineTenant, flowId: string, kind: FlowKind, mappings: FieldMappings, comment: string): Promise<{ id: string; number: number }> {
  const definition: FlowDefinition = defaultFlowDefinition(kind);
  const transform = definition.steps.find((step) => step.type === 'transform')!;
  transform.config = { mappings } as typeof transform.config;
  const { flow } = await tenant.gql('query($f: ID!) { flow(id: $f) { draft { revision } } }', { f: flowId });
  const saved = await tenant.gql('mutation($f: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $f, definition: $d, revision: $r) { revision } }', { f: flowId, d: definition, r: flow.draft.revision });
  const { publishFlowVersion: version } = await tenant.gql('mutation($f: ID!, $r: Int!, $c: String) { publishFlowVersion(flowId: $f, revision: $r, comment: $c) { id number } }', {
    f: flowId,
    r: saved.saveFlowDraft.revision,
    c: comment,
  });
  for (const environment of ['dev', 'qa', 'prod']) {
    await tenant.gql('mutation($v: ID!, $e: Environment!) { promoteFlowVersion(versionId: $v, environment: $e) { deployment { versionNumber } } }', { v: version.id, e: environment });
  }
  return version;
}
