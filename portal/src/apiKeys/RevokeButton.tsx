import { useState } from 'react';
import { Button } from '@mui/material';
import BlockIcon from '@mui/icons-material/Block';
import { Confirm, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';

/** "Revoke" = dataProvider.delete('apiKeys') = revokeApiKey; the key stays listed as revoked. */
export const RevokeButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  if (!record || record.revokedAt) return null;

  const revoke = async () => {
    setPending(true);
    try {
      await dataProvider.delete('apiKeys', { id: record.id, previousData: record });
      notify(`API key “${record.name}” revoked`, { type: 'success' });
      refresh();
    } catch (e) {
      notify(e instanceof Error ? e.message : 'Could not revoke the key', { type: 'error' });
    } finally {
      setPending(false);
      setOpen(false);
    }
  };

  return (
    <>
      <Button size="small" color="error" startIcon={<BlockIcon />} onClick={() => setOpen(true)}
        aria-label={`Revoke ${record.name}`}>Revoke</Button>
      <Confirm isOpen={open} loading={pending} onClose={() => setOpen(false)} onConfirm={revoke}
        title={`Revoke API key “${record.name}”?`}
        content="Requests using this key will be rejected immediately. This cannot be undone." />
    </>
  );
};
