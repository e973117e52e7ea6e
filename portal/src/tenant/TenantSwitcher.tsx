import { TextField, Typography } from '@mui/material';
import { useGetIdentity } from 'react-admin';
import type { Identity } from '../authProvider';
import { roleName } from '../team/roles';
import { useSwitchTenant } from './useSwitchTenant';

/** App bar tenant picker: a select over me.tenants when there are 2+ or the user is a partner. */
export const TenantSwitcher = () => {
  const { identity } = useGetIdentity();
  const { switchTenant, switching } = useSwitchTenant();
  const me = (identity as Identity | undefined)?.me;
  if (!me) return null;
  if (me.tenants.length < 2 && !me.partner)
    return <Typography variant="body2" sx={{ mx: 2, opacity: 0.9 }}>{me.tenant?.name}</Typography>;
  return (
    <TextField select size="small" name="tenantId" value={me.tenant?.id ?? ''} disabled={switching}
      onChange={e => switchTenant(e.target.value)}
      slotProps={{ select: { native: true }, htmlInput: { 'aria-label': 'Tenant' } }}
      sx={{ mx: 2, minWidth: 200, bgcolor: 'background.paper', borderRadius: 1 }}>
      {!me.tenant && <option value="" disabled>Select a tenant…</option>}
      {me.tenants.map(t => (
        <option key={t.tenant.id} value={t.tenant.id}>
          {t.tenant.name} ({roleName(t.role)}{t.viaPartner ? ', via partner' : ''})
        </option>
      ))}
    </TextField>
  );
};
