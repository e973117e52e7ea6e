import { useState } from 'react';
import { Alert, Box, Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Form, FormDataConsumer, ReferenceInput, SelectInput, TextInput, required, useDataProvider, useNotify, useRefresh } from 'react-admin';
import { toSubmissionErrors } from '../formErrors';
import { CopyableValue } from '../secrets/CopyableValue';
import { SecretDialog } from '../secrets/SecretDialog';
import { FORMAT_CHOICES, signingNote } from './formats';

type Created = { name: string; url: string; secret: string };

/**
 * Calls the dataProvider directly (not useCreate) so the one-time secret only lives in this
 * component's state and never lands in react-admin's query cache.
 */
export const CreateWebhookEndpointForm = () => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [formKey, setFormKey] = useState(0);

  const submit = async (data: Record<string, unknown>) => {
    setPending(true);
    try {
      const { data: endpoint } = await dataProvider.create('webhookEndpoints', { data });
      setCreated({ name: endpoint.name, url: endpoint.url, secret: endpoint.secret });
      setFormKey(k => k + 1);
      refresh();
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, ['integrationId', 'format', 'name']);
      if (message) notify(message, { type: 'error' });
      return errors;
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Form key={formKey} onSubmit={submit} noValidate defaultValues={{ format: 'settle_events' }}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap', px: 2, pt: 1 }}>
          <ReferenceInput source="integrationId" reference="integrations">
            <SelectInput label="Integration" optionText="name" validate={required()} sx={{ width: 240, m: 0 }} />
          </ReferenceInput>
          <SelectInput source="format" label="Format" choices={FORMAT_CHOICES} validate={required()} sx={{ width: 320, m: 0 }} />
          <TextInput source="name" label="Name" validate={required()} sx={{ width: 240, m: 0 }} helperText="e.g. Web store" />
          <Button type="submit" variant="contained" startIcon={<AddIcon />} disabled={pending} sx={{ mt: 0.5 }}>
            Create endpoint
          </Button>
        </Box>
        <FormDataConsumer>
          {({ formData }) => <Alert severity="info" sx={{ mx: 2, mt: 1 }} data-testid="signing-note">{signingNote(formData.format)}</Alert>}
        </FormDataConsumer>
      </Form>
      {created && (
        <SecretDialog title={`Webhook endpoint “${created.name}” created`} secret={created.secret} testId="webhook-secret"
          onClose={() => setCreated(null)} warning="If you lose it, rotate the secret.">
          <CopyableValue label="URL" value={created.url} testId="webhook-url" />
        </SecretDialog>
      )}
    </>
  );
};
