import { Button } from '@mui/material';
import WebhookIcon from '@mui/icons-material/Webhook';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Confirm, Edit, FormDataConsumer, SaveButton, SimpleForm, Toolbar, TopToolbar, useNotify, usePermissions, useRecordContext, useRedirect, useSaveContext,
} from 'react-admin';
import { isAdminRole } from '../authProvider';
import { helperTextRoom } from '../connections/Row';
import { gql } from '../graphql';
import { HeldEventsDeleteButton } from './HeldEventsDelete';
import { IntegrationInputs } from './IntegrationInputs';

const IntegrationTitle = () => {
  const r = useRecordContext();
  return <>Integration {r ? `“${r.name}”` : ''}</>;
};

/**
 * Save; when the save pauses the integration (Enabled turned off), first says how many of its events
 * will wait (integrationEvents.waiting) and that new payments wait too until it is resumed.
 */
const PauseAwareSaveButton = () => (
  <FormDataConsumer>{({ formData }) => <SaveOrPause values={formData} />}</FormDataConsumer>
);

const SaveOrPause = ({ values }: { values: Record<string, unknown> }) => {
  const r = useRecordContext();
  const { save, saving } = useSaveContext();
  const [waiting, setWaiting] = useState<number | null>(null);
  if (!r?.enabled || values.enabled !== false) return <SaveButton />;
  const ask = async () => {
    const data = await gql<{ integrationEvents: { waiting: number } }>('query IntegrationEvents($id: ID!) { integrationEvents(id: $id) { waiting } }', { id: r.id });
    setWaiting(data.integrationEvents.waiting);
  };
  return (
    <>
      <Button variant="contained" onClick={ask} disabled={saving}>Save and pause</Button>
      <Confirm isOpen={waiting !== null} loading={saving} title={`Pause the integration “${r.name}”?`}
        content={`${waiting === 1 ? '1 event is' : `${waiting} events are`} waiting; new payments will wait until you resume. Nothing is lost: resuming posts them in the order they arrived.`}
        confirm="Pause" onClose={() => setWaiting(null)}
        onConfirm={async () => { await save?.(values); setWaiting(null); }} />
    </>
  );
};

const EditToolbar = () => {
  const r = useRecordContext();
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <PauseAwareSaveButton />
      {r && (
        <HeldEventsDeleteButton mutation="deleteIntegration" id={String(r.id)} title={`Delete the integration “${r.name}”?`}
          content="Settle stops posting its payments to Sage Pro, and its webhook endpoints are deleted with it."
          onDeleted={() => { notify(`Integration “${r.name}” deleted`, { type: 'success' }); redirect('list', 'integrations'); }} />
      )}
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
