import { useEffect, useState } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { discardDraft, type Flow, type FlowDefinition, PAYMENT_TRIGGERS, publishVersion, SAGE_STATUSES, saveDraft } from './api';
import { useAction } from './useAction';

/** '' = left out (the connection's default status applies), 'none' = write no status. */
type Choice = '' | 'none' | (typeof SAGE_STATUSES)[number];
type Choices = Record<string, Choice>;

const LABELS: Record<string, string> = {
  approved: 'Approved', declined: 'Declined', refunded: 'Refunded', voided: 'Voided', charged_back: 'Charged back', settled: 'Settled',
};

function statusMapOf(definition: FlowDefinition): Record<string, string | null> {
  const transform = definition.steps.find(s => s.type === 'transform');
  return (transform?.config.statusMap as Record<string, string | null> | undefined) ?? {};
}

function choicesOf(definition: FlowDefinition): Choices {
  const map = statusMapOf(definition);
  return Object.fromEntries(PAYMENT_TRIGGERS.map(t => [t, t in map ? (map[t] ?? 'none') : ''])) as Choices;
}

/** The definition with the transform step's status map replaced; nothing else changes. */
function withStatusMap(definition: FlowDefinition, choices: Choices): FlowDefinition {
  const statusMap = Object.fromEntries(Object.entries(choices).filter(([, c]) => c !== '').map(([t, c]) => [t, c === 'none' ? null : c]));
  return {
    ...definition,
    steps: definition.steps.map(step => {
      if (step.type !== 'transform') return step;
      const { statusMap: _old, ...config } = step.config;
      return { ...step, config: Object.keys(statusMap).length ? { ...config, statusMap } : config };
    }),
  };
}

/** The draft: its status map (a payment flow's), what stops it from being published, and publishing it with a comment. */
export const DraftEditor = ({ flow, canEdit, onChange }: { flow: Flow; canEdit: boolean; onChange: () => void }) => {
  const { draft } = flow;
  const [choices, setChoices] = useState<Choices>(() => choicesOf(draft.definition));
  const [comment, setComment] = useState('');
  const save = useAction();
  const publish = useAction();
  // A newer draft (after a save, publish, discard or reload) replaces what the form shows.
  const savedKey = JSON.stringify(draft.definition);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setChoices(choicesOf(draft.definition)), [draft.revision, savedKey]);

  const edited = JSON.stringify(choices) !== JSON.stringify(choicesOf(draft.definition));
  const payment = flow.kind === 'payment_sync' && draft.definition.steps.some(s => s.type === 'transform');
  const conflict = save.error?.startsWith('Someone changed') || publish.error?.startsWith('Someone changed');

  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      {payment ? (
        <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
          <Typography component="legend" variant="subtitle1" gutterBottom>Status map: the Sage Pro status each outcome writes</Typography>
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 2 }}>
            {PAYMENT_TRIGGERS.map(trigger => (
              <TextField key={trigger} select size="small" label={LABELS[trigger]} value={choices[trigger]} disabled={!canEdit}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'aria-label': `Status for ${trigger}`, name: `status-${trigger}` } }}
                onChange={e => setChoices(c => ({ ...c, [trigger]: e.target.value as Choice }))}>
                <option value="">Default (the connection's)</option>
                <option value="none">No status</option>
                {SAGE_STATUSES.map(s => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
              </TextField>
            ))}
          </Box>
        </Box>
      ) : (
        <Typography color="text.secondary">This flow has no status map. The designer (next) edits its other steps.</Typography>
      )}
      {canEdit && payment && (
        <Stack direction="row" spacing={1}>
          <Button variant="contained" disabled={!edited || save.busy}
            onClick={() => save.run(() => saveDraft(flow.id, withStatusMap(draft.definition, choices), draft.revision), d => { onChange(); return `Draft saved (revision ${d.revision})`; })}>
            Save draft
          </Button>
          <Button disabled={save.busy} onClick={() => save.run(() => discardDraft(flow.id, draft.revision), () => { onChange(); return 'Draft reset to the latest version'; })}>
            Discard draft
          </Button>
        </Stack>
      )}
      {save.error && <Alert severity="error" onClose={save.clearError}>{save.error}</Alert>}
      {draft.problems.length > 0 && (
        <Alert severity="warning">
          The draft cannot be published yet:
          <ul style={{ margin: 0 }}>{draft.problems.map(p => <li key={p.path + p.message}><code>{p.path}</code>: {p.message}</li>)}</ul>
        </Alert>
      )}
      {canEdit && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <TextField size="small" label="Comment" name="comment" value={comment} onChange={e => setComment(e.target.value)}
            helperText={edited ? 'Save the draft first: publishing takes the saved draft.' : `Publishes revision ${draft.revision} of the draft.`}
            sx={{ flex: '1 1 auto', maxWidth: 520 }} slotProps={{ htmlInput: { maxLength: 500 } }} />
          <Button variant="contained" disabled={edited || publish.busy || draft.problems.length > 0}
            onClick={() => publish.run(() => publishVersion(flow.id, draft.revision, comment), v => { setComment(''); onChange(); return `Published version ${v.number}`; })}>
            Publish
          </Button>
        </Stack>
      )}
      {publish.error && <Alert severity="error" onClose={publish.clearError}>{publish.error}</Alert>}
      {conflict && <Box><Button variant="outlined" onClick={() => { save.clearError(); publish.clearError(); onChange(); }}>Reload the draft</Button></Box>}
    </Stack>
  );
};
