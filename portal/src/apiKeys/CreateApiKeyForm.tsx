import { useState } from 'react';
import { Box, Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { CheckboxGroupInput, Form, TextInput, required, useDataProvider, useNotify, useRefresh } from 'react-admin';
import { toSubmissionErrors } from '../formErrors';
import { SecretDialog } from '../secrets/SecretDialog';

export const SCOPES = [
  { id: 'read', name: 'read' },
  { id: 'write', name: 'write' },
  { id: 'admin', name: 'admin' },
];

/**
 * Calls the dataProvider directly (not useCreate) so the one-time secret only lives in this
 * component's state and never lands in react-admin's query cache.
 */
export const CreateApiKeyForm = () => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [formKey, setFormKey] = useState(0);

  const submit = async (data: Record<string, unknown>) => {
    setPending(true);
    try {
      const { data: key } = await dataProvider.create('apiKeys', { data });
      setCreated({ name: key.name, secret: key.secret });
      setFormKey(k => k + 1);
      refresh();
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, ['name', 'scopes']);
      if (message) notify(message, { type: 'error' });
      return errors;
    } finally {
      setPending(false);
    }
  };

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
          onClose={() => setCreated(null)} warning="If you lose it, revoke the key and create a new one." />
      )}
    </>
  );
};
