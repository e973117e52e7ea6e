import { useState } from 'react';
import { Alert, Box, Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { type FlowPreview, type FlowSample, previewFlow } from '../api';
import { useAction } from '../useAction';

/**
 * The flow page's preview (PreviewPanel), run on the mapper's own sample: the saved draft with dev's
 * settings, showing the Sage Pro rows it would write and the problems, writing nothing anywhere.
 */
export const MapperPreview = ({ flowId, sample, dirty }: { flowId: string; sample: FlowSample; dirty: boolean }) => {
  const [preview, setPreview] = useState<FlowPreview | null>(null);
  const action = useAction();
  return (
    <Stack spacing={1} data-testid="mapper-preview">
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Button variant="outlined" size="small" disabled={action.busy || dirty}
          onClick={() => action.run(() => previewFlow(flowId, null, 'dev', sample), setPreview)}>
          Preview the draft on this sample
        </Button>
        {dirty && <Typography variant="caption" color="text.secondary">Save first: the preview runs the saved draft.</Typography>}
      </Stack>
      {action.error && <Alert severity="error" onClose={action.clearError}>{action.error}</Alert>}
      {preview && (
        <Box component="section" aria-label="Preview result" data-testid="preview-result">
          <Alert severity={preview.problems.length ? 'warning' : preview.taken ? 'success' : 'info'}>{preview.summary}</Alert>
          {preview.problems.length > 0 && (
            <Box component="ul" sx={{ my: 1 }}>{preview.problems.map(p => <li key={p.field + p.message}><code>{p.field}</code>: {p.message}</li>)}</Box>
          )}
          <Typography variant="subtitle2" component="h3" sx={{ mt: 1 }}>Sage Pro rows it would write</Typography>
          {preview.rows.length === 0 ? <Typography color="text.secondary">None.</Typography> : (
            <Box sx={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
              <Table size="small" aria-label="Rows it would write">
                <TableHead><TableRow><TableCell>Table</TableCell><TableCell>Action</TableCell><TableCell>Key</TableCell><TableCell>Values</TableCell></TableRow></TableHead>
                <TableBody>
                  {preview.rows.map((r, i) => (
                    <TableRow key={i}>
                      <TableCell>{r.table}</TableCell><TableCell>{r.action}</TableCell><TableCell>{r.key || '—'}</TableCell>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}><code>{JSON.stringify(r.values)}</code></TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </Box>
      )}
    </Stack>
  );
};
