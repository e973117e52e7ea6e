import { TextField } from '@mui/material';
import { useNotify, useRecordContext, useUpdate } from 'react-admin';
import { ROLES } from './roles';

/** Inline role editor in the members table: changeRole on change (pessimistic, reverts on error). */
export const MemberRoleSelect = () => {
  const record = useRecordContext();
  const notify = useNotify();
  const [update, { isPending }] = useUpdate();
  if (!record) return null;
  const onChange = (role: string) =>
    update('members', { id: record.id, data: { role }, previousData: record }, {
      mutationMode: 'pessimistic',
      onSuccess: () => notify(`Role of ${record.user.email} changed`, { type: 'success' }),
      onError: e => notify(e instanceof Error ? e.message : 'Could not change the role', { type: 'error' }),
    });
  return (
    <TextField select name="role" size="small" value={record.role} disabled={isPending}
      onChange={e => onChange(e.target.value)} onClick={e => e.stopPropagation()}
      slotProps={{ select: { native: true }, htmlInput: { 'aria-label': `Role of ${record.user.email}` } }}>
      {ROLES.map(r => <option key={r.id} value={r.id}>{r.name}</option>)}
    </TextField>
  );
};
