import { useState } from 'react';
import { Box, Button, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { copyText } from '../clipboard';

/** A value shown in full (a secret, a URL) with a Copy button and a line saying whether copying worked. */
export const CopyableValue = ({ label, value, testId }: { label?: string; value: string; testId?: string }) => {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => copyText(value).then(() => setCopied('yes'), () => setCopied('failed'));
  return (
    <Box sx={{ mb: 1 }}>
      {label && <Typography variant="subtitle2" component="p" sx={{ mb: 0.5 }}>{label}</Typography>}
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <Box component="code" data-testid={testId} sx={{
          flex: 1, p: 1.5, bgcolor: 'grey.100', borderRadius: 1, fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all',
        }}>{value}</Box>
        <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={copy}
          aria-label={label ? `Copy ${label.toLowerCase()}` : 'Copy'}>Copy</Button>
      </Box>
      <Typography variant="body2" role="status" sx={{ mt: 0.5, minHeight: 20 }}
        color={copied === 'failed' ? 'error' : 'success.main'}>
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Could not copy automatically: select it and copy it manually.'}
      </Typography>
    </Box>
  );
};
