import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, IconButton, Stack, TextField, Typography } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import type { FlowChange, FlowProblem, FlowStep } from '../api';
import { BranchChecks } from './fields';
import { changeField, fieldHolds, problemField } from './model';
import { STEP_TITLES } from './StepNode';
import { type Config, FORMS } from './StepForms';

const shown = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

/**
 * The side panel of one step: its settings (each problem of the checks at the field its path names,
 * the rest listed on top), what changed in it since the version being compared, and — unless read
 * only — saving, moving and removing it. Escape closes it.
 */
export const StepPanel = ({ step, kind, kindTriggers, flowTriggers, problems, changes, compareLabel, readOnly, busy, removable, canMove, onSave, onMove, onRemove, onClose }: {
  step: FlowStep; kind: string; kindTriggers: readonly string[]; flowTriggers: string[];
  problems: FlowProblem[]; changes: FlowChange[] | null; compareLabel: string | null;
  readOnly: boolean; busy: boolean; removable: boolean; canMove: { earlier: boolean; later: boolean };
  onSave: (change: { config: Config; name: string | undefined; on: string[] | undefined }) => void; onMove: (by: -1 | 1) => void; onRemove: () => void; onClose: () => void;
}) => {
  const [config, setConfig] = useState<Config>(step.config);
  const [name, setName] = useState(step.name ?? '');
  const [on, setOn] = useState(step.on);
  const saved = JSON.stringify([step.config, step.name ?? '', step.on ?? null]);
  const reset = () => { setConfig(step.config); setName(step.name ?? ''); setOn(step.on); };
  // A saved or reloaded draft replaces what the form shows.
  useEffect(reset, [step.id, saved]); // eslint-disable-line react-hooks/exhaustive-deps
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step.id]);

  const edited = JSON.stringify([config, name, on ?? null]) !== saved;
  // The branches a step runs on: every branch unless narrowed (a trigger step is where branches start).
  const branchable = step.type !== 'trigger' && flowTriggers.length > 1;
  const noBranch = on !== undefined && on.length === 0;
  const placed = new Set<FlowProblem>();
  const at = (field: string) => {
    const here = problems.filter(p => fieldHolds(field, problemField(p)));
    here.forEach(p => placed.add(p));
    return { problems: field === '' ? [] : here, readOnly };
  };
  const set = (key: string, value: unknown) => setConfig(c => {
    const { [key]: _old, ...rest } = c;
    return value === undefined ? rest : { ...rest, [key]: value };
  });
  const Form = FORMS[step.type];
  // Built before the list of unplaced problems, which needs to know which fields showed theirs.
  const form = Form ? Form({ config, set, at, kind, kindTriggers, flowTriggers }) : <Typography>Unknown step type {step.type}.</Typography>;
  const nameState = at('name');
  const unplaced = problems.filter(p => !placed.has(p));

  return (
    <Box component="section" aria-labelledby="step-panel-title" data-testid="step-panel"
      onKeyDown={e => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } }}
      sx={{ p: 2, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: 'background.paper', overflowY: 'auto', maxHeight: { md: 640 } }}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Typography id="step-panel-title" ref={heading} tabIndex={-1} variant="h6" component="h3" sx={{ flex: 1, outline: 'none' }}>
          {STEP_TITLES[step.type] ?? step.type}: {step.name ?? step.id}
        </Typography>
        <IconButton aria-label="Close the step panel" onClick={onClose}><CloseIcon /></IconButton>
      </Stack>
      <Stack spacing={2}>
        {unplaced.length > 0 && (
          <Alert severity="error" data-testid="panel-problems">
            {unplaced.map(p => <div key={p.path + p.message}><code>{p.path}</code>: {p.message}</div>)}
          </Alert>
        )}
        {changes && (
          <Box data-testid="panel-changes">
            <Typography variant="subtitle2">{changes.length ? `Changed since ${compareLabel}` : `Unchanged since ${compareLabel}`}</Typography>
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {changes.map(c => (
                <li key={c.path + c.change}>
                  <code>{changeField(c) || 'the step'}</code> {c.change}
                  {c.change === 'changed' || c.change === 'moved' ? `: ${shown(c.before)} → ${shown(c.after)}` : c.change === 'added' && changeField(c) ? `: ${shown(c.after)}` : ''}
                </li>
              ))}
            </Box>
          </Box>
        )}
        <TextField size="small" label="Step name" value={name} disabled={readOnly} onChange={e => setName(e.target.value)}
          error={nameState.problems.length > 0} helperText={nameState.problems.map(p => p.message).join('; ') || `id ${step.id}`} />
        {branchable && (
          <BranchChecks legend="Runs on the branches" name="on" options={flowTriggers} value={on ?? flowTriggers} state={at('on')}
            onChange={v => setOn(v.length === flowTriggers.length ? undefined : v)} />
        )}
        {noBranch && <Typography variant="body2" color="error">Tick at least one branch, or remove the step.</Typography>}
        {form}
        {!readOnly && (
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
            <Button variant="contained" disabled={!edited || busy || noBranch} onClick={() => onSave({ config, name: name.trim() || undefined, on })}>Save step</Button>
            {edited && <Button disabled={busy} onClick={reset}>Undo changes</Button>}
            {canMove.earlier && <Button disabled={busy || edited} onClick={() => onMove(-1)}>Move earlier</Button>}
            {canMove.later && <Button disabled={busy || edited} onClick={() => onMove(1)}>Move later</Button>}
            {removable && <Button color="error" disabled={busy} onClick={onRemove}>Remove step</Button>}
          </Stack>
        )}
        {!readOnly && !removable && <Typography variant="caption" color="text.secondary">Every flow has exactly one {step.type} step: it cannot be removed.</Typography>}
      </Stack>
    </Box>
  );
};
