/**
 * A flow as a graph: one node per step, left to right in the model's order (top to bottom on a
 * phone), and for each branch an edge from each step it passes to the next step it passes. Edges
 * several branches share are one edge labelled with their names, so a step applying to only some
 * branches (a match on approved and declined, an alert on declines) sits on exactly those edges, and
 * is drawn on a lane of its own so the other branches' edges pass it by.
 */
import type { FlowDefinition, FlowStep } from '../api';
import { branchesOf, flowTriggers } from './model';

export type Direction = 'horizontal' | 'vertical';

export interface StepNodeLayout { id: string; step: FlowStep; index: number; branches: string[]; partial: boolean; x: number; y: number }
export interface BranchEdgeLayout { id: string; source: string; target: string; branches: string[]; label: string }

const ALONG = 190;
const ACROSS = 110;
/** On a phone: steps top to bottom, the lane of partial steps at the left edge, all within 390 px. */
const PHONE_ALONG = 130;
const PHONE_ACROSS = 160;

export function layoutFlow(definition: FlowDefinition, direction: Direction = 'horizontal'): { nodes: StepNodeLayout[]; edges: BranchEdgeLayout[] } {
  const all = flowTriggers(definition);
  const nodes = definition.steps.map((step, index): StepNodeLayout => {
    const branches = step.type === 'trigger' ? all : branchesOf(step, all);
    const partial = branches.length < all.length;
    const along = index * ALONG;
    const across = partial ? 0 : ACROSS;
    const position = direction === 'horizontal' ? { x: along, y: across } : { x: partial ? 0 : PHONE_ACROSS, y: index * PHONE_ALONG };
    return { id: step.id, step, index, branches, partial, ...position };
  });
  const edges = new Map<string, BranchEdgeLayout>();
  for (const branch of all) {
    const path = nodes.filter(n => n.branches.includes(branch));
    for (let i = 1; i < path.length; i++) {
      const id = `${path[i - 1].id}->${path[i].id}`;
      const edge = edges.get(id) ?? { id, source: path[i - 1].id, target: path[i].id, branches: [], label: '' };
      edge.branches.push(branch);
      edges.set(id, edge);
    }
  }
  const labelled = [...edges.values()].map(e => ({ ...e, label: e.branches.length === all.length ? 'all' : e.branches.join(', ') }));
  return { nodes, edges: labelled };
}
