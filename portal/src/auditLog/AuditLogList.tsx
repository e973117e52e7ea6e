import { Box, Typography } from '@mui/material';
import { DataTable, DateField, List, TextInput, useRecordContext } from 'react-admin';

const filters = [<TextInput key="action" source="action" label="Action" alwaysOn resettable helperText="Exact action, e.g. api_key.created" />];

const Actor = () => {
  const r = useRecordContext();
  if (!r) return null;
  if (r.actorEmail) return <>{r.actorEmail}</>;
  if (r.actorApiKeyId) return <Typography variant="body2" color="text.secondary">API key {r.actorApiKeyId}</Typography>;
  if (r.actorPartnerId) return <Typography variant="body2" color="text.secondary">Partner {r.actorPartnerId}</Typography>;
  return <Typography variant="body2" color="text.secondary">System</Typography>;
};

const pretty = (details: string) => {
  try { return JSON.stringify(JSON.parse(details), null, 2); } catch { return details; }
};

const Details = () => {
  const r = useRecordContext();
  return (
    <Box component="pre" sx={{ m: 0, p: 1, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {r ? pretty(r.details) : null}
    </Box>
  );
};

export const AuditLogList = () => (
  <List title="Audit log" filters={filters} actions={false} empty={false} exporter={false} perPage={25}>
    <DataTable bulkActionButtons={false} rowClick={false} expand={<Details />} size="small">
      <DataTable.Col label="Time" disableSort render={() => <DateField source="createdAt" showTime />} />
      <DataTable.Col label="Action" disableSort render={r => <code>{r.action}</code>} />
      <DataTable.Col label="Actor" disableSort render={() => <Actor />} />
      <DataTable.Col label="Target" disableSort
        render={r => (r.targetType ? `${r.targetType}${r.targetId ? ` ${r.targetId}` : ''}` : '—')} />
      <DataTable.Col label="IP" source="ip" disableSort />
    </DataTable>
  </List>
);
