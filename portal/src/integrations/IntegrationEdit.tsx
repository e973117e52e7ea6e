import { Button } from '@mui/material';
import WebhookIcon from '@mui/icons-material/Webhook';
import { Link } from 'react-router-dom';
import {
  DeleteButton, Edit, SaveButton, SimpleForm, Toolbar, TopToolbar, useNotify, usePermissions, useRecordContext,
} from 'react-admin';
import { isAdminRole } from '../authProvider';
import { helperTextRoom } from '../connections/Row';
import { IntegrationInputs } from './IntegrationInputs';

const IntegrationTitle = () => {
  const r = useRecordContext();
  return <>Integration {r ? `“${r.name}”` : ''}</>;
};

const EditToolbar = () => {
  const r = useRecordContext();
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <DeleteButton mutationMode="pessimistic" confirmTitle={`Delete the integration “${r?.name ?? ''}”?`}
        confirmContent="Settle stops posting its payments to Sage Pro, and its webhook endpoints are deleted with it." />
    </Toolbar>
  );
};

const Actions = () => (
  <TopToolbar>
    <Button component={Link} to="/webhookEndpoints" startIcon={<WebhookIcon />} size="small">Webhook endpoints</Button>
  </TopToolbar>
);

/** /integrations/:id: settings (admins edit; the others read). */
export const IntegrationEdit = () => {
  const { permissions } = usePermissions();
  const notify = useNotify();
  const admin = isAdminRole(permissions);
  return (
    <Edit title={<IntegrationTitle />} mutationMode="pessimistic" actions={<Actions />} sx={{ maxWidth: 820 }}
      mutationOptions={{ onSuccess: () => notify('Integration saved', { type: 'success' }) }} redirect={false}>
      <SimpleForm toolbar={admin ? <EditToolbar /> : false} sx={helperTextRoom}>
        <IntegrationInputs readOnly={!admin} />
      </SimpleForm>
    </Edit>
  );
};
