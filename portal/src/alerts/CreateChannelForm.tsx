import { Box, Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Form, FormDataConsumer, SelectInput, TextInput, required, useNotify } from 'react-admin';
import { SecretDialog } from '../secrets/SecretDialog';
import { useCreateShowingOnce } from '../secrets/useCreateShowingOnce';

const KINDS = [{ id: 'email', name: 'Email' }, { id: 'webhook', name: 'Webhook (Slack-compatible)' }];

/** A new channel; a webhook channel's signing secret is shown once (never in react-admin's cache). */
export const CreateChannelForm = () => {
  const notify = useNotify();
  const { submit, pending, formKey, created, dismiss } = useCreateShowingOnce('alertChannels', ['kind', 'name', 'target'], channel => {
    if (channel.secret) return { name: channel.name, secret: channel.secret };
    notify(`Channel “${channel.name}” added`, { type: 'success' });
    return null;
  });

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
          onClose={dismiss}
          warning="Settle signs every alert it posts with it (Standard Webhooks), so the receiver can check the alert came from Settle." />
      )}
    </>
  );
};
