import { TextField } from '@mui/material';
import { useInput } from 'react-admin';
import { ROLES } from './roles';

/** Role picker for react-admin forms, rendered as a native <select name="role"> (easy to drive from tests). */
export const RoleInput = ({ source = 'role', label = 'Role' }: { source?: string; label?: string }) => {
  const { field, fieldState, id } = useInput({ source, defaultValue: 'viewer' });
  return (
    <TextField select {...field} id={id} label={label} size="small" sx={{ minWidth: 140 }}
      error={!!fieldState.error} helperText={fieldState.error?.message}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
      {ROLES.map(r => <option key={r.id} value={r.id}>{r.name}</option>)}
    </TextField>
  );
};
