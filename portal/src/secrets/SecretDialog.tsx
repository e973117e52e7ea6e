import type { ReactNode } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { CopyableValue } from './CopyableValue';

/**
 * Shows a freshly issued secret (API key, webhook signing secret) exactly once; `children` go between
 * the warning and the secret (e.g. the URL to paste next to it). Closing it forgets the secret.
 */
export const SecretDialog = ({ title, secret, onClose, warning, children, testId = 'secret' }: {
  title: string; secret: string; onClose: () => void; warning: ReactNode; children?: ReactNode; testId?: string;
}) => (
  <Dialog open maxWidth="sm" fullWidth aria-labelledby="secret-title">
    <DialogTitle id="secret-title">{title}</DialogTitle>
    <DialogContent>
      <Alert severity="warning" sx={{ mb: 2 }}>
        Copy this secret now. It is shown <strong>only once</strong> and cannot be retrieved later. {warning}
      </Alert>
      {children}
      <CopyableValue label={children ? 'Secret' : undefined} value={secret} testId={testId} />
    </DialogContent>
    <DialogActions>
      <Button variant="contained" onClick={onClose}>I have stored the secret</Button>
    </DialogActions>
  </Dialog>
);
