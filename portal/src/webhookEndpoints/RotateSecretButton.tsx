import { useState } from 'react';
import { Alert, Button } from '@mui/material';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import { Confirm, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { dateTime } from '../connections/format';
import type { SettleDataProvider } from '../dataProvider';
import { SecretDialog } from '../secrets/SecretDialog';

/** Issues a new signing secret, shown once; the previous one keeps verifying for the grace period. */
export const RotateSecretButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [rotated, setRotated] = useState<{ secret: string; until: string } | null>(null);
  if (!record) return null;

  const rotate = async () => {
    setPending(true);
    try {
      const r = await dataProvider.rotateWebhookSecret(record.id);
      setRotated({ secret: r.secret, until: r.previousSecretExpiresAt });
      refresh();
    } catch (e) {
      notify(e instanceof Error ? e.message : 'Could not rotate the secret', { type: 'error' });
    } finally {
      setPending(false);
      setOpen(false);
    }
  };

  return (
    <>
      <Button size="small" color="warning" startIcon={<AutorenewIcon />} onClick={() => setOpen(true)}
        aria-label={`Rotate the secret of ${record.name}`}>Rotate secret</Button>
      <Confirm isOpen={open} loading={pending} onClose={() => setOpen(false)} onConfirm={rotate}
        title={`Rotate the signing secret of “${record.name}”?`}
        content="Settle issues a new secret. The current one keeps working for a grace period, so the sender can be updated without losing deliveries." />
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
