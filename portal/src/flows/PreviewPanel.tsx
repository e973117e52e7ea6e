import { useState } from 'react';
import {
  Alert, Box, Button, FormControlLabel, Radio, RadioGroup, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import {
  ENVIRONMENTS, type EnvironmentName, type EnvironmentPairs, PAYMENT_TRIGGERS, type Flow, type FlowPreview, type FlowSample, type FlowVersion, previewFlow,
} from './api';
import { TestRunButtons } from './TestRun';
import { useAction } from './useAction';

const DRAFT = 'draft';
type SampleKind = 'example' | 'event' | 'eventId';

/** Reads the pasted payload; a mistake is named with the position JSON.parse reports. */
function sampleOf(kind: SampleKind, text: string, trigger: string): FlowSample {
  if (kind === 'example') return { example: true, trigger };
  if (kind === 'eventId') {
    if (!text.trim()) throw new Error('Event id: enter the id of one of your recent events.');
    return { eventId: text.trim() };
  }
  try {
    return { event: JSON.parse(text) as unknown };
  } catch (e) {
    throw new Error(`Event JSON: ${e instanceof Error ? e.message : 'not valid JSON'}`);
  }
}

/**
 * Runs the draft or a version on a sample, with an environment's settings, and shows what it would
 * write (nothing is written); or sends the same sample through dev's or qa's pair as a test run.
 */
export const PreviewPanel = ({ flow, versions, pairs, canTestRun }: {
  flow: Flow; versions: FlowVersion[]; pairs: EnvironmentPairs | null; canTestRun: boolean;
}) => {
  const [version, setVersion] = useState(DRAFT);
  const [environment, setEnvironment] = useState<EnvironmentName>('dev');
  const [kind, setKind] = useState<SampleKind>('example');
  const [text, setText] = useState('');
  const [trigger, setTrigger] = useState<string>('approved');
  const [preview, setPreview] = useState<FlowPreview | null>(null);
  const action = useAction();
  const nativeSelect = (label: string) => ({ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'aria-label': label } });

  const run = () => action.run(async () => {
    setPreview(null);
    return previewFlow(flow.id, version === DRAFT ? null : version, environment, sampleOf(kind, text, trigger));
  }, setPreview);

  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <TextField select size="small" label="Run" value={version} sx={{ minWidth: 160 }} slotProps={nativeSelect('Version to preview')} onChange={e => setVersion(e.target.value)}>
          <option value={DRAFT}>the draft</option>
          {versions.map(v => <option key={v.id} value={v.id}>version {v.number}</option>)}
        </TextField>
        <TextField select size="small" label="With the settings of" value={environment} sx={{ minWidth: 180 }} slotProps={nativeSelect('Environment to preview in')}
          onChange={e => setEnvironment(e.target.value as EnvironmentName)}>
          {ENVIRONMENTS.map(env => <option key={env} value={env}>{env}</option>)}
        </TextField>
      </Stack>
      <RadioGroup row aria-label="Sample" value={kind} onChange={e => setKind(e.target.value as SampleKind)}>
        <FormControlLabel value="example" control={<Radio />} label="Generated example" />
        <FormControlLabel value="event" control={<Radio />} label="Pasted event JSON" />
        <FormControlLabel value="eventId" control={<Radio />} label="A recent event (id)" />
      </RadioGroup>
      {kind === 'example' && (
        <Box>
          <TextField select size="small" label="Example of" value={trigger} sx={{ minWidth: 180 }} slotProps={nativeSelect('Trigger of the example')}
            onChange={e => setTrigger(e.target.value)}>
            {PAYMENT_TRIGGERS.map(t => <option key={t} value={t}>{t.replace('_', ' ')} payment</option>)}
          </TextField>
        </Box>
      )}
      {kind !== 'example' && (
        <TextField label={kind === 'event' ? 'Event JSON' : 'Event id'} value={text} onChange={e => setText(e.target.value)}
          multiline={kind === 'event'} minRows={kind === 'event' ? 6 : undefined} size="small"
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }} />
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <Button variant="contained" disabled={action.busy} onClick={run}>Preview</Button>
        {canTestRun && <TestRunButtons flow={flow} pairs={pairs} sample={() => sampleOf(kind, text, trigger)} />}
      </Stack>
      {action.error && <Alert severity="error" onClose={action.clearError}>{action.error}</Alert>}
      {preview && <PreviewResult preview={preview} />}
    </Stack>
  );
};

/** What a preview found: its decision, the Sage Pro rows it would write, the rules that fired (also the mapper's). */
export const PreviewResult = ({ preview }: { preview: FlowPreview }) => (
  <Box component="section" aria-label="Preview result" data-testid="preview-result">
    <Alert severity={preview.problems.length ? 'warning' : preview.taken ? 'success' : 'info'}>{preview.summary}</Alert>
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, my: 2, '& dd': { m: 0 } }}>
      <dt>Trigger</dt><dd>{preview.trigger}{preview.taken ? '' : ' (not taken)'}</dd>
      <dt>Decision</dt><dd>{preview.decision}</dd>
      <dt>Status</dt><dd data-testid="preview-status">{preview.status ?? 'no status'}</dd>
      <dt>GL account</dt><dd>{preview.glAccount || '—'}</dd>
      <dt>Took</dt><dd>{preview.durationMs} ms</dd>
    </Box>
    {preview.problems.length > 0 && (
      <Alert severity="error" sx={{ mb: 2 }}>
        Validation problems:
        <ul style={{ margin: 0 }}>{preview.problems.map(p => <li key={p.field + p.message}><code>{p.field}</code>: {p.message}</li>)}</ul>
      </Alert>
    )}
    <Typography variant="subtitle2" component="h3">Sage Pro rows it would write</Typography>
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
    {preview.firedRules.length > 0 && (
      <>
        <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>Rules that fired</Typography>
        <ul style={{ marginTop: 0 }}>{preview.firedRules.map((r, i) => <li key={i}>{r.step}: {r.rule}{r.detail == null ? '' : <> <code>{JSON.stringify(r.detail)}</code></>}</li>)}</ul>
      </>
    )}
    <details>
      <summary>The event previewed</summary>
      <Box component="pre" sx={{ fontSize: 12, overflowX: 'auto', m: 0 }}>{JSON.stringify(preview.event, null, 2)}</Box>
    </details>
  </Box>
);
