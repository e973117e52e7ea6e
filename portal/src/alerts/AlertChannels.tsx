import { Chip, Typography } from '@mui/material';
import { DataTable, DateField, DeleteButton, ListBase, useRecordContext } from 'react-admin';
import { CreateChannelForm } from './CreateChannelForm';

const Delete = () => {
  const r = useRecordContext();
  return (
    <DeleteButton mutationMode="pessimistic" redirect={false} confirmTitle={`Delete the channel “${r?.name ?? ''}”?`}
      confirmContent="Alerts are no longer sent there." />
  );
};

/** Where alerts go: email addresses and Slack-compatible webhooks (their URL shown only in part). */
export const AlertChannels = ({ canEdit }: { canEdit: boolean }) => (
  <ListBase resource="alertChannels" disableSyncWithLocation storeKey={false}>
    {canEdit && <CreateChannelForm />}
    <DataTable bulkActionButtons={false} rowClick={false}
      empty={<Typography sx={{ p: 2 }} color="text.secondary">No channel yet: alerts are recorded here but sent nowhere.</Typography>}>
      <DataTable.Col label="Name" source="name" disableSort />
      <DataTable.Col label="Kind" disableSort render={r => <Chip size="small" variant="outlined" label={r.kind === 'email' ? 'Email' : 'Webhook'} />} />
      <DataTable.Col label="Target" disableSort render={r => <code>{r.target}</code>} />
      <DataTable.Col label="Status" disableSort render={r => (r.enabled ? 'Enabled' : 'Disabled')} />
      <DataTable.Col label="Added" disableSort render={() => <DateField source="createdAt" showTime />} />
      {canEdit && <DataTable.Col label="" disableSort align="right" render={() => <Delete />} />}
    </DataTable>
  </ListBase>
);
