import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { copyText } from '../clipboard';

/** Shows a freshly created API key secret exactly once. Closing it forgets the secret. */
export const SecretDialog = ({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) => {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => copyText(secret).then(() => setCopied('yes'), () => setCopied('failed'));
  return (
    <Dialog open maxWidth="sm" fullWidth aria-labelledby="secret-title">
      <DialogTitle id="secret-title">API key “{name}” created</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          Copy this secret now. It is shown <strong>only once</strong> and cannot be retrieved later.
          If you lose it, revoke the key and create a new one.
        </Alert>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <Box component="code" data-testid="api-key-secret" sx={{
            flex: 1, p: 1.5, bgcolor: 'grey.100', borderRadius: 1, fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all',
          }}>{secret}</Box>
          <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={copy}>Copy</Button>
        </Box>
        <Typography variant="body2" role="status" sx={{ mt: 1, minHeight: 20 }}
          color={copied === 'failed' ? 'error' : 'success.main'}>
          {copied === 'yes' && 'Copied to the clipboard.'}
          {copied === 'failed' && 'Could not copy automatically: select the secret and copy it manually.'}
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>I have stored the secret</Button>
      </DialogActions>
    </Dialog>
  );
};
