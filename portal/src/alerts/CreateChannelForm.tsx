import { useState } from 'react';
import { Box, Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Form, FormDataConsumer, SelectInput, TextInput, required, useDataProvider, useNotify, useRefresh } from 'react-admin';
import { toSubmissionErrors } from '../formErrors';
import { SecretDialog } from '../secrets/SecretDialog';

const KINDS = [{ id: 'email', name: 'Email' }, { id: 'webhook', name: 'Webhook (Slack-compatible)' }];

/** A new channel; a webhook channel's signing secret is shown once (never in react-admin's cache). */
export const CreateChannelForm = () => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [formKey, setFormKey] = useState(0);

  const submit = async (data: Record<string, unknown>) => {
    setPending(true);
    try {
      const { data: channel } = await dataProvider.create('alertChannels', { data });
      if (channel.secret) setCreated({ name: channel.name, secret: channel.secret });
      else notify(`Channel “${channel.name}” added`, { type: 'success' });
      setFormKey(k => k + 1);
      refresh();
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, ['kind', 'name', 'target']);
      if (message) notify(message, { type: 'error' });
      return errors;
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Form key={formKey} onSubmit={submit} noValidate defaultValues={{ kind: 'email' }}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap', px: 2, pt: 2 }}>
          <SelectInput source="kind" label="Kind" choices={KINDS} validate={required()} sx={{ width: 240, m: 0 }} />
          <TextInput source="name" label="Name" validate={required()} sx={{ width: 200, m: 0 }} />
          <FormDataConsumer>
            {({ formData }) => (
              <TextInput source="target" validate={required()} sx={{ width: 360, m: 0 }}
                label={formData.kind === 'webhook' ? 'Webhook URL' : 'Email address'}
                helperText={formData.kind === 'webhook' ? 'e.g. a Slack incoming-webhook URL' : 'Where alerts are mailed'} />
            )}
          </FormDataConsumer>
          <Button type="submit" variant="contained" startIcon={<AddIcon />} disabled={pending} sx={{ mt: 0.5 }}>Add channel</Button>
        </Box>
      </Form>
      {created && (
        <SecretDialog title={`Webhook channel “${created.name}” created`} secret={created.secret} testId="alert-channel-secret"
          onClose={() => setCreated(null)}
          warning="Settle signs every alert it posts with it (Standard Webhooks), so the receiver can check the alert came from Settle." />
      )}
    </>
  );
};
