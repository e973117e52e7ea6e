import { useEffect, useState } from 'react';
import { Alert, Box, Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { diffVersions, type FlowChange, type FlowVersion } from './api';
import { useAction } from './useAction';

const DRAFT = 'draft';
const shown = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

/** Field by field, what changes from one version to another, or to the draft. */
export const VersionDiff = ({ versions }: { versions: FlowVersion[] }) => {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(DRAFT);
  const [chosen, setChosen] = useState(false);
  const [changes, setChanges] = useState<FlowChange[] | null>(null);
  const action = useAction();
  // Until the person picks: the newest-but-one version to the newest (or the only version to the draft).
  useEffect(() => {
    if (chosen || !versions.length) return;
    setFrom(versions[versions.length > 1 ? 1 : 0].id);
    setTo(versions.length > 1 ? versions[0].id : DRAFT);
  }, [versions, chosen]);

  if (!versions.length) return <Typography sx={{ p: 2 }} color="text.secondary">Publish a version to compare it with another or with the draft.</Typography>;
  const nativeSelect = (label: string) => ({ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'aria-label': label } });
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField select size="small" label="From" value={from} slotProps={nativeSelect('Compare from')} onChange={e => { setFrom(e.target.value); setChosen(true); setChanges(null); }}>
          {versions.map(v => <option key={v.id} value={v.id}>version {v.number}</option>)}
        </TextField>
        <TextField select size="small" label="To" value={to} slotProps={nativeSelect('Compare to')} onChange={e => { setTo(e.target.value); setChosen(true); setChanges(null); }}>
          <option value={DRAFT}>the draft</option>
          {versions.map(v => <option key={v.id} value={v.id}>version {v.number}</option>)}
        </TextField>
        <Button variant="outlined" disabled={action.busy || !from}
          onClick={() => action.run(() => diffVersions(from, to === DRAFT ? null : to), setChanges)}>
          Compare
        </Button>
      </Stack>
      {action.error && <Alert severity="error" onClose={action.clearError}>{action.error}</Alert>}
      {changes && changes.length === 0 && <Typography>No differences.</Typography>}
      {changes && changes.length > 0 && (
        <Box sx={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
          <Table size="small" aria-label="Differences">
            <TableHead>
              <TableRow><TableCell>Path</TableCell><TableCell>Change</TableCell><TableCell>Before</TableCell><TableCell>After</TableCell></TableRow>
            </TableHead>
            <TableBody>
              {changes.map(c => (
                <TableRow key={`${c.path}-${c.change}`}>
                  <TableCell><code>{c.path}</code></TableCell>
                  <TableCell>{c.change}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}><code>{shown(c.before)}</code></TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}><code>{shown(c.after)}</code></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Stack>
  );
};
