import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Form, FormDataConsumer, PasswordInput, ReferenceInput, SelectInput, TextInput, required } from 'react-admin';
import { CopyableValue } from '../secrets/CopyableValue';
import { SecretDialog } from '../secrets/SecretDialog';
import { useCreateShowingOnce } from '../secrets/useCreateShowingOnce';
import { bringsOwnSecret, FORMAT_CHOICES, SHOPIFY_SECRET_HELP, signingNote } from './formats';

/** `secret` is null when the tenant supplied it (a Shopify store's): Settle never shows that one back. */
type Created = { name: string; url: string; secret: string | null };

/** After a Shopify endpoint is created with the store's own secret: only the URL is left to copy. */
const CreatedDialog = ({ created, onClose }: { created: Created; onClose: () => void }) => (
  <Dialog open maxWidth="sm" fullWidth aria-labelledby="created-title">
    <DialogTitle id="created-title">{`Webhook endpoint “${created.name}” created`}</DialogTitle>
    <DialogContent>
      <Alert severity="success" sx={{ mb: 2 }}>
        Settle verifies orders with your Shopify signing secret. Add this URL in Shopify as an “Order creation” webhook (JSON).
      </Alert>
      <CopyableValue label="URL" value={created.url} testId="webhook-url" />
    </DialogContent>
    <DialogActions><Button variant="contained" onClick={onClose}>Done</Button></DialogActions>
  </Dialog>
);

/** A new endpoint; a secret Settle issues is shown once with its URL (useCreateShowingOnce). */
export const CreateWebhookEndpointForm = () => {
  const { submit, pending, formKey, created, dismiss } = useCreateShowingOnce<Created>(
    'webhookEndpoints', ['integrationId', 'format', 'name', 'signingSecret'],
    endpoint => ({ name: endpoint.name, url: endpoint.url, secret: endpoint.secret ?? null }),
  );

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
          {({ formData }) => <>
            {bringsOwnSecret(formData.format) && (
              <Box sx={{ px: 2 }}>
                <PasswordInput source="signingSecret" label="Shopify signing secret" validate={required()} autoComplete="off"
                  helperText={SHOPIFY_SECRET_HELP} sx={{ width: 560, maxWidth: '100%', m: 0 }} />
              </Box>
            )}
            <Alert severity="info" sx={{ mx: 2, mt: 1 }} data-testid="signing-note">{signingNote(formData.format)}</Alert>
          </>}
        </FormDataConsumer>
      </Form>
      {created?.secret && (
        <SecretDialog title={`Webhook endpoint “${created.name}” created`} secret={created.secret} testId="webhook-secret"
          onClose={dismiss} warning="If you lose it, rotate the secret.">
          <CopyableValue label="URL" value={created.url} testId="webhook-url" />
        </SecretDialog>
      )}
      {created && !created.secret && <CreatedDialog created={created} onClose={dismiss} />}
    </>
  );
};
