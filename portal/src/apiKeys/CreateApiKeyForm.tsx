import { Box, Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { CheckboxGroupInput, Form, TextInput, required } from 'react-admin';
import { SecretDialog } from '../secrets/SecretDialog';
import { useCreateShowingOnce } from '../secrets/useCreateShowingOnce';

export const SCOPES = [
  { id: 'read', name: 'read' },
  { id: 'write', name: 'write' },
  { id: 'admin', name: 'admin' },
];

/** A new API key; its secret is shown once (useCreateShowingOnce). */
export const CreateApiKeyForm = () => {
  const { submit, pending, formKey, created, dismiss } = useCreateShowingOnce('apiKeys', ['name', 'scopes'], key => ({ name: key.name, secret: key.secret }));

  return (
    <>
      <Form key={formKey} onSubmit={submit} noValidate defaultValues={{ scopes: ['read'] }}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap', px: 2, pt: 1 }}>
          <TextInput source="name" label="Key name" validate={required()} sx={{ width: 260, m: 0 }}
            helperText="e.g. ERP sync job" />
          <CheckboxGroupInput source="scopes" label="Scopes" choices={SCOPES} options={{ name: 'scopes' }}
            validate={required('Pick at least one scope')} sx={{ m: 0 }} />
          <Button type="submit" variant="contained" startIcon={<AddIcon />} disabled={pending} sx={{ mt: 0.5 }}>
            Create API key
          </Button>
        </Box>
      </Form>
      {created && (
        <SecretDialog title={`API key “${created.name}” created`} secret={created.secret} testId="api-key-secret"
          onClose={dismiss} warning="If you lose it, revoke the key and create a new one." />
      )}
    </>
  );
};
