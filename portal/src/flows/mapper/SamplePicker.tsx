import { useEffect, useState } from 'react';
import { Alert, Button, FormControlLabel, Radio, RadioGroup, Stack, TextField } from '@mui/material';
import { type FlowSample, PAYMENT_TRIGGERS } from '../api';
import { type SampleEvent, sampleEvents } from './api';

type Kind = 'example' | 'event' | 'pasted';
const nativeSelect = (label: string) => ({ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'aria-label': label } });

/**
 * What the source tree is built from: a generated example, one of the tenant's recent events of the
 * flow's kind, or a pasted payload (read when "Use this payload" is pressed, its JSON error named).
 */
export const SamplePicker = ({ flowId, kind: flowKind, onSample }: { flowId: string; kind: string; onSample: (sample: FlowSample) => void }) => {
  const [kind, setKind] = useState<Kind>('example');
  const [trigger, setTrigger] = useState('approved');
  const [events, setEvents] = useState<SampleEvent[] | null>(null);
  const [eventId, setEventId] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    sampleEvents(flowId).then(list => { if (current) { setEvents(list); setEventId(list[0]?.id ?? ''); } }, () => current && setEvents([]));
    return () => { current = false; };
  }, [flowId]);

  const choose = (next: Kind) => {
    setKind(next);
    setError(null);
    if (next === 'example') onSample(exampleOf(flowKind, trigger));
    if (next === 'event' && eventId) onSample({ eventId });
  };
  const usePasted = () => {
    try {
      onSample({ event: JSON.parse(text) as unknown });
      setError(null);
    } catch (e) {
      setError(`Payload: ${e instanceof Error ? e.message : 'not valid JSON'}`);
    }
  };

  return (
    <Stack spacing={1} data-testid="sample-picker">
      <RadioGroup row aria-label="Sample" value={kind} onChange={e => choose(e.target.value as Kind)}>
        <FormControlLabel value="example" control={<Radio size="small" />} label="Generated example" />
        <FormControlLabel value="event" control={<Radio size="small" />} label={`A recent event${events ? ` (${events.length})` : ''}`} disabled={events?.length === 0} />
        <FormControlLabel value="pasted" control={<Radio size="small" />} label="Pasted payload" />
      </RadioGroup>
      {kind === 'example' && flowKind === 'payment_sync' && (
        <TextField select size="small" label="Example of" value={trigger} sx={{ maxWidth: 240 }} slotProps={nativeSelect('Trigger of the example')}
          onChange={e => { setTrigger(e.target.value); onSample(exampleOf(flowKind, e.target.value)); }}>
          {PAYMENT_TRIGGERS.map(t => <option key={t} value={t}>{t.replace('_', ' ')} payment</option>)}
        </TextField>
      )}
      {kind === 'event' && events && events.length > 0 && (
        <TextField select size="small" label="Event" value={eventId} sx={{ maxWidth: 520 }} slotProps={nativeSelect('Recent event')}
          onChange={e => { setEventId(e.target.value); onSample({ eventId: e.target.value }); }}>
          {events.map(e => <option key={e.id} value={e.id}>{e.type} from {e.source} ({e.format}), {new Date(e.receivedAt).toLocaleString()}</option>)}
        </TextField>
      )}
      {kind === 'pasted' && (
        <Stack spacing={1}>
          <TextField label="Payload JSON" value={text} onChange={e => setText(e.target.value)} multiline minRows={4} maxRows={12} size="small"
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } } }}
            helperText="A PayTrace export or response, a Shopify order, a partner event, … Card numbers are redacted before anything reads it." />
          <Stack direction="row"><Button size="small" variant="outlined" onClick={usePasted}>Use this payload</Button></Stack>
        </Stack>
      )}
      {error && <Alert severity="error" onClose={() => setError(null)}>{error}</Alert>}
    </Stack>
  );
};

export const exampleOf = (kind: string, trigger: string): FlowSample => (kind === 'payment_sync' ? { example: true, trigger } : { example: true, trigger: 'approved' });
