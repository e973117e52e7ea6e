import type { KeyboardEvent } from 'react';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { Box, Chip, Typography } from '@mui/material';
import type { FlowChange, FlowProblem, FlowStep } from '../api';

export const STEP_TITLES: Record<string, string> = {
  trigger: 'Trigger', filter: 'Filter', match: 'Match', transform: 'Transform', validate: 'Validate', write: 'Sage Pro writes', notify: 'Notify',
};

export interface StepNodeData extends Record<string, unknown> {
  step: FlowStep;
  branches: string[];
  partial: boolean;
  problems: FlowProblem[];
  changes: FlowChange[] | null;
  selected: boolean;
  vertical: boolean;
  onOpen: (id: string) => void;
  onRemove: (id: string) => void;
}
export type StepNodeType = Node<StepNodeData, 'step'>;

/**
 * One step: its type and name, the branches it applies to, a badge with its problems and, while a
 * diff is drawn, what changed. The box itself is the keyboard stop (Tab): Enter opens the side panel,
 * Delete asks to remove the step.
 */
export const StepNode = ({ data }: NodeProps<StepNodeType>) => {
  const { step, problems, changes, selected, vertical } = data;
  const changed = changes !== null && changes.length > 0;
  const added = changes?.some(c => c.change === 'added' && c.path === step.id);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); data.onOpen(step.id); }
    if (event.key === 'Delete' || event.key === 'Backspace') { event.preventDefault(); data.onRemove(step.id); }
  };
  const border = problems.length ? 'error.main' : changed ? 'warning.main' : selected ? 'primary.main' : 'divider';
  const summary = [
    `${STEP_TITLES[step.type] ?? step.type} step ${step.name ?? step.id}`,
    problems.length ? `${problems.length} problem${problems.length > 1 ? 's' : ''}` : '',
    changed ? (added ? 'added' : `${changes!.length} change${changes!.length > 1 ? 's' : ''}`) : '',
  ].filter(Boolean).join(', ');
  // The branches are the node's description, not its name: a name is what a person (or a test) looks a button up by.
  const branchesId = `step-branches-${step.id}`;
  return (
    <Box role="button" tabIndex={0} aria-label={summary} aria-describedby={data.partial ? branchesId : undefined} aria-pressed={selected} data-testid={`step-${step.id}`}
      onKeyDown={onKeyDown}
      sx={{
        width: 160, p: 1, borderRadius: 1, border: 2, borderColor: border, bgcolor: changed ? '#fff8e1' : 'background.paper',
        cursor: 'pointer', boxShadow: selected ? 3 : 0, '&:focus-visible': { outline: '3px solid', outlineColor: 'primary.main', outlineOffset: 2 },
      }}>
      <Handle type="target" position={vertical ? Position.Top : Position.Left} isConnectable={false} />
      <Typography variant="overline" sx={{ lineHeight: 1.4, display: 'block' }}>{STEP_TITLES[step.type] ?? step.type}</Typography>
      <Typography variant="body2" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{step.name ?? step.id}</Typography>
      {data.partial && <Typography id={branchesId} variant="caption" color="text.secondary" sx={{ display: 'block' }}>on {data.branches.join(', ') || 'no branch'}</Typography>}
      {problems.length > 0 && (
        <Box data-testid={`step-problems-${step.id}`} sx={{ mt: 0.5 }}>
          <Chip size="small" color="error" label={`${problems.length} problem${problems.length > 1 ? 's' : ''}`} />
          <Typography variant="caption" color="error" sx={{ display: 'block', overflowWrap: 'anywhere' }}>{problems[0].message}</Typography>
        </Box>
      )}
      {changed && (
        <Chip size="small" color="warning" sx={{ mt: 0.5 }} data-testid={`step-changed-${step.id}`}
          label={added ? 'added' : `${changes!.length} changed`} />
      )}
      <Handle type="source" position={vertical ? Position.Bottom : Position.Right} isConnectable={false} />
    </Box>
  );
};
