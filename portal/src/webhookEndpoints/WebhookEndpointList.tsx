import { Box, Typography } from '@mui/material';
import { DataTable, DateField, DeleteButton, List, ReferenceField, usePermissions, useRecordContext } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { dateTime } from '../connections/format';
import { CreateWebhookEndpointForm } from './CreateWebhookEndpointForm';
import { formatLabel } from './formats';
import { RotateSecretButton } from './RotateSecretButton';

const Secret = () => {
  const r = useRecordContext();
  if (!r) return null;
  const grace = r.previousSecretExpiresAt && Date.parse(r.previousSecretExpiresAt) > Date.now();
  return (
    <Box>
      <code>…{r.secretHint}</code>
      {grace && <Typography variant="body2" color="text.secondary">Previous secret valid until {dateTime(r.previousSecretExpiresAt)}</Typography>}
    </Box>
  );
};

const Delete = () => {
  const r = useRecordContext();
  return (
    <DeleteButton mutationMode="pessimistic" redirect={false} confirmTitle={`Delete the webhook endpoint “${r?.name ?? ''}”?`}
      confirmContent="Deliveries to its URL are refused from then on. This cannot be undone." />
  );
};

/** /webhookEndpoints: URLs senders POST events to, one integration each; admins create, rotate and delete. */
export const WebhookEndpointList = () => {
  const { permissions } = usePermissions();
  const admin = isAdminRole(permissions);
  return (
    <List title="Webhook endpoints" empty={false} exporter={false} actions={false} perPage={25}>
      {admin && <>
        <Typography variant="h6" component="h2" sx={{ px: 2, pt: 2 }}>New webhook endpoint</Typography>
        <CreateWebhookEndpointForm />
      </>}
      <DataTable bulkActionButtons={false} rowClick={false}
        empty={<Typography sx={{ p: 2 }} color="text.secondary">No webhook endpoint yet.</Typography>}>
        <DataTable.Col label="Name" source="name" disableSort />
        <DataTable.Col label="Integration" disableSort
          render={() => <ReferenceField source="integrationId" reference="integrations" link="edit" />} />
        <DataTable.Col label="Format" disableSort render={r => formatLabel(r.format)} />
        <DataTable.Col label="URL" disableSort render={r => <Box component="code" sx={{ wordBreak: 'break-all' }}>{r.url}</Box>} />
        <DataTable.Col label="Secret" disableSort render={() => <Secret />} />
        <DataTable.Col label="Last delivery" disableSort
          render={r => (r.lastDeliveryAt ? <DateField source="lastDeliveryAt" showTime /> : 'None yet')} />
        <DataTable.Col label="Created" disableSort render={() => <DateField source="createdAt" showTime />} />
        {admin && <DataTable.Col label="" disableSort align="right" render={() => <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
          <RotateSecretButton /><Delete />
        </Box>} />}
      </DataTable>
    </List>
  );
};
