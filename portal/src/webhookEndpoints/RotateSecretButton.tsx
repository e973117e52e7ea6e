import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import { Confirm, Form, PasswordInput, type RaRecord, required, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { dateTime } from '../connections/format';
import type { RotatedWebhookSecret, SettleDataProvider } from '../data';
import { toSubmissionErrors } from '../formErrors';
import { SecretDialog } from '../secrets/SecretDialog';
import { bringsOwnSecret, SHOPIFY_SECRET_HELP } from './formats';

const GRACE = 'The current one keeps working for a grace period, so the sender can be updated without losing deliveries.';

/** Shopify endpoints: asks for the store's new secret; the API's BAD_USER_INPUT lands on the field. */
const SuppliedSecretDialog = ({ record, onRotated, onClose }: {
  record: RaRecord; onRotated: (r: RotatedWebhookSecret) => void; onClose: () => void;
}) => {
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const submit = async (data: Record<string, unknown>) => {
    try {
      onRotated(await dataProvider.rotateWebhookSecret(record.id, String(data.signingSecret ?? '').trim()));
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, ['signingSecret']);
      if (message) notify(message, { type: 'error' });
      return errors;
    }
  };
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="rotate-title">
      <Form onSubmit={submit} noValidate>
        <DialogTitle id="rotate-title">{`Rotate the signing secret of “${record.name}”`}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            Enter the new secret Shopify signs with. Settle keeps it encrypted and never shows it again. {GRACE}
          </Typography>
          <PasswordInput source="signingSecret" label="New Shopify signing secret" validate={required()} fullWidth autoFocus
            autoComplete="off" helperText={SHOPIFY_SECRET_HELP} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" color="warning">Rotate</Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
};

/**
 * Switches the endpoint to a new signing secret; the previous one keeps verifying for the grace period.
 * Settle issues it (shown once), except for Shopify, whose store's new secret the tenant enters.
 */
export const RotateSecretButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [rotated, setRotated] = useState<{ secret: string; until: string } | null>(null);
  if (!record) return null;

  const done = (r: RotatedWebhookSecret) => {
    if (r.secret) setRotated({ secret: r.secret, until: r.previousSecretExpiresAt });
    else notify(`Signing secret replaced. The previous one keeps working until ${dateTime(r.previousSecretExpiresAt)}.`, { type: 'success' });
    setOpen(false);
    refresh();
  };

  const rotate = async () => {
    setPending(true);
    try {
      done(await dataProvider.rotateWebhookSecret(record.id));
    } catch (e) {
      notify(e instanceof Error ? e.message : 'Could not rotate the secret', { type: 'error' });
      setOpen(false);
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button size="small" color="warning" startIcon={<AutorenewIcon />} onClick={() => setOpen(true)}
        aria-label={`Rotate the secret of ${record.name}`}>Rotate secret</Button>
      {bringsOwnSecret(record.format)
        ? open && <SuppliedSecretDialog record={record} onRotated={done} onClose={() => setOpen(false)} />
        : <Confirm isOpen={open} loading={pending} onClose={() => setOpen(false)} onConfirm={rotate}
          title={`Rotate the signing secret of “${record.name}”?`} content={`Settle issues a new secret. ${GRACE}`} />}
      {rotated && (
        <SecretDialog title={`New secret for “${record.name}”`} secret={rotated.secret} testId="webhook-secret"
          onClose={() => setRotated(null)} warning="Paste it into the sender.">
          <Alert severity="info" sx={{ mb: 2 }} data-testid="previous-secret-expiry">
            The previous secret keeps working until {dateTime(rotated.until)}.
          </Alert>
        </SecretDialog>
      )}
    </>
  );
};
