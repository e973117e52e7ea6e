import { Chip, TextField } from '@mui/material';
import { useInput } from 'react-admin';
import type { Environment } from './types';

const LABELS: Record<Environment, string> = { sandbox: 'Sandbox', production: 'Production', custom: 'Custom' };
const COLORS = { sandbox: 'info', production: 'success', custom: 'default' } as const;

export const EnvironmentChip = ({ environment }: { environment: Environment }) => (
  <Chip size="small" variant="outlined" color={COLORS[environment] ?? 'default'} label={LABELS[environment] ?? environment} />
);

/** Accounts a person adds by hand (the sandbox is the one-click button on the list). */
const CHOICES: { id: Environment; name: string }[] = [
  { id: 'production', name: 'Production (api.paytrace.com)' },
  { id: 'custom', name: 'Custom base URL' },
];

/** Native <select name="environment"> for react-admin forms, like RoleInput. */
export const EnvironmentInput = () => {
  const { field, fieldState, id } = useInput({ source: 'environment', defaultValue: 'production' });
  return (
    <TextField select {...field} id={id} label="Environment" size="small" fullWidth
      error={!!fieldState.error} helperText={fieldState.error?.message ?? ' '}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
      {CHOICES.map(c => <option key={c.id} value={c.id}>{c.name}</option>)}
    </TextField>
  );
};
