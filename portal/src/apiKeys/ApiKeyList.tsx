import { Box, Chip, Stack, Typography } from '@mui/material';
import { DataTable, DateField, List, usePermissions, useRecordContext } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { CreateApiKeyForm } from './CreateApiKeyForm';
import { RevokeButton } from './RevokeButton';

// Keys look like `stl_<prefix>_<secret>`; the API returns only <prefix>.
const keyHint = (prefix: string) => (prefix.startsWith('stl_') ? `${prefix}…` : `stl_${prefix}_…`);

const Scopes = () => (
  <Stack direction="row" spacing={0.5}>
    {useRecordContext()?.scopes.map((s: string) => <Chip key={s} size="small" label={s} />)}
  </Stack>
);

const Status = () => {
  const r = useRecordContext();
  return r?.revokedAt
    ? <Box component="span" sx={{ color: 'error.main' }}>Revoked <DateField source="revokedAt" /></Box>
    : <Chip size="small" color="success" variant="outlined" label="Active" />;
};

export const ApiKeyList = () => {
  const { permissions } = usePermissions();
  const admin = isAdminRole(permissions);
  return (
    <List title="API keys" empty={false} exporter={false} actions={false} perPage={25}>
      {admin && <>
        <Typography variant="h6" component="h2" sx={{ px: 2, pt: 2 }}>New API key</Typography>
        <CreateApiKeyForm />
      </>}
      <DataTable bulkActionButtons={false} rowClick={false} rowSx={r => (r.revokedAt ? { opacity: 0.6 } : {})}>
        <DataTable.Col label="Name" source="name" disableSort />
        <DataTable.Col label="Key" disableSort render={r => <code>{keyHint(r.prefix)}</code>} />
        <DataTable.Col label="Scopes" disableSort render={() => <Scopes />} />
        <DataTable.Col label="Created" disableSort render={() => <DateField source="createdAt" showTime />} />
        <DataTable.Col label="Last used" disableSort
          render={r => (r.lastUsedAt ? <DateField source="lastUsedAt" showTime /> : 'Never')} />
        <DataTable.Col label="Status" disableSort render={() => <Status />} />
        {admin && <DataTable.Col label="" disableSort align="right" render={() => <RevokeButton />} />}
      </DataTable>
    </List>
  );
};
