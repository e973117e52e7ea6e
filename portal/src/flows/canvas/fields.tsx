import { Box, Checkbox, FormControlLabel, FormHelperText, TextField, Typography } from '@mui/material';
import type { FlowProblem } from '../api';

/** What a form field of the side panel shows of the checks: its problems, in the checks' words. */
export interface FieldState { problems: FlowProblem[]; readOnly: boolean }

const helper = (state: FieldState, hint?: string) =>
  state.problems.length ? state.problems.map(p => p.message + (p.position !== null ? ` (at character ${p.position})` : '')).join('; ') : hint;

export const TextSetting = ({ label, value, onChange, state, hint, multiline, name }: {
  label: string; value: string; onChange: (value: string) => void; state: FieldState; hint?: string; multiline?: boolean; name: string;
}) => (
  <TextField size="small" fullWidth label={label} value={value} multiline={multiline} minRows={multiline ? 2 : undefined}
    error={state.problems.length > 0} helperText={helper(state, hint)} disabled={state.readOnly}
    slotProps={{ htmlInput: { name, 'data-field': name } }} onChange={e => onChange(e.target.value)} />
);

export const SelectSetting = ({ label, value, options, onChange, state, hint, name }: {
  label: string; value: string; options: [string, string][]; onChange: (value: string) => void; state: FieldState; hint?: string; name: string;
}) => (
  <TextField select size="small" fullWidth label={label} value={value} error={state.problems.length > 0} helperText={helper(state, hint)} disabled={state.readOnly}
    slotProps={{ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { name, 'data-field': name } }}
    onChange={e => onChange(e.target.value)}>
    {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
  </TextField>
);

export const BranchChecks = ({ legend, options, value, onChange, state, name }: {
  legend: string; options: readonly string[]; value: string[]; onChange: (value: string[]) => void; state: FieldState; name: string;
}) => (
  <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }} data-field={name}>
    <Typography component="legend" variant="body2">{legend}</Typography>
    {options.map(option => (
      <FormControlLabel key={option} label={option.replace('_', ' ')} disabled={state.readOnly}
        control={<Checkbox size="small" checked={value.includes(option)}
          onChange={e => onChange(e.target.checked ? options.filter(o => o === option || value.includes(o)) : value.filter(v => v !== option))} />} />
    ))}
    {state.problems.length > 0 && <FormHelperText error>{helper(state)}</FormHelperText>}
  </Box>
);
