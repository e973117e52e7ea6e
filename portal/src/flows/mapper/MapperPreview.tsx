import { useState } from 'react';
import { Alert, Button, Stack, Typography } from '@mui/material';
import { type FlowPreview, type FlowSample, previewFlow } from '../api';
import { PreviewResult } from '../PreviewPanel';
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
      {preview && <PreviewResult preview={preview} />}
    </Stack>
  );
};
