import { useEffect, useState } from 'react';
import { Alert, Button, Stack, TextField } from '@mui/material';
import { type Flow, saveDraft } from '../api';
import { useAction } from '../useAction';

/**
 * The whole draft as JSON, for what the canvas does not draw a form for (GL rules' conditions, field
 * mappings until the mapper ships). Saved as the canvas saves: against the revision, the checks'
 * problems then shown on the steps.
 */
export const DraftJson = ({ flow, canEdit, onChange }: { flow: Flow; canEdit: boolean; onChange: () => void }) => {
  const saved = JSON.stringify(flow.draft.definition, null, 2);
  const [source, setSource] = useState(saved);
  const [broken, setBroken] = useState<string | null>(null);
  const action = useAction();
  useEffect(() => setSource(saved), [saved]);
  const save = () => {
    let definition;
    try { definition = JSON.parse(source); } catch (e) { setBroken(`Not JSON: ${(e as Error).message}`); return; }
    setBroken(null);
    action.run(() => saveDraft(flow.id, definition, flow.draft.revision), d => { onChange(); return `The JSON is the draft now (revision ${d.revision})`; });
  };
  return (
    <Stack spacing={1} sx={{ p: 2 }}>
      <TextField label="The draft as JSON" multiline minRows={6} maxRows={24} value={source} disabled={!canEdit} error={!!broken}
        helperText={broken ?? undefined} onChange={e => setSource(e.target.value)}
        slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } } }} />
      {canEdit && (
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" disabled={action.busy || source === saved} onClick={save}>Save the JSON</Button>
          {source !== saved && <Button disabled={action.busy} onClick={() => { setSource(saved); setBroken(null); }}>Undo JSON edits</Button>}
        </Stack>
      )}
      {action.error && <Alert severity="error" onClose={action.clearError}>{action.error}</Alert>}
    </Stack>
  );
};
