import { useState } from 'react';
import { Box, Button, TextField, Typography } from '@mui/material';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Confirm, useDataProvider, useNotify } from 'react-admin';
import { copyText } from '../clipboard';
import type { SettleDataProvider } from '../data';
import { Panel } from './Panel';
import type { PayTraceConnection } from './types';

/** The notification URL (read-only, "Copy"); admins can "Rotate URL", which retires the old one at once. */
export const NotificationUrlPanel = ({ connection, canRotate, onRotated }: {
  connection: PayTraceConnection; canRotate: boolean; onRotated: (url: string) => void;
}) => {
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);

  const copy = () => copyText(connection.notificationUrl).then(
    () => notify('Notification URL copied', { type: 'info' }),
    () => notify('Could not copy: select the URL and copy it manually', { type: 'warning' }),
  );

  const rotate = async () => {
    setPending(true);
    try {
      const updated = await dataProvider.rotateNotificationUrl(connection.id);
      onRotated(String(updated.notificationUrl));
      notify('New notification URL issued; the old one no longer works', { type: 'success' });
    } catch (e) {
      notify(e instanceof Error ? e.message : 'Could not rotate the URL', { type: 'error' });
    } finally {
      setPending(false);
      setOpen(false);
    }
  };

  return (
    <Panel title="Notification URL">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        A POST of a transaction id to this URL makes Settle look at that transaction at once, without waiting
        for the next poll. Keep it secret: anyone with the URL can trigger lookups.
      </Typography>
      <TextField label="Notification URL" value={connection.notificationUrl} size="small" fullWidth multiline
        slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'notification-url', style: { fontFamily: 'monospace', wordBreak: 'break-all' } } }} />
      <Box sx={{ display: 'flex', gap: 1, mt: 1.5 }}>
        <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={copy}>Copy</Button>
        {canRotate && (
          <Button color="warning" variant="outlined" startIcon={<AutorenewIcon />} onClick={() => setOpen(true)}>Rotate URL</Button>
        )}
      </Box>
      <Confirm isOpen={open} loading={pending} onClose={() => setOpen(false)} onConfirm={rotate}
        title="Rotate the notification URL?"
        content="Settle issues a new URL and the current one stops working immediately. Update it wherever PayTrace posts notifications." />
    </Panel>
  );
};
