import { useState } from 'react';
import { Alert, Box, Button, CircularProgress, Link as MuiLink, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { Link, useNavigate } from 'react-router-dom';
import { Title, usePermissions } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { Section } from '../connections/Section';
import { describeError } from '../flows/api';
import { useLoad } from '../flows/useLoad';
import { listPairs, listReports, runReconciliation } from './api';

const today = () => new Date().toISOString().slice(0, 10);
const monthStart = () => `${today().slice(0, 8)}01`;

/** /reconciliation: run a reconciliation of a pair over a range of days, and the reports so far, newest first. */
export const ReconciliationPage = () => {
  const { permissions } = usePermissions();
  const reports = useLoad(listReports, 'reports');
  return (
    <Stack spacing={4} sx={{ mt: 2, mb: 3 }}>
      <Title title="Reconciliation" />
      <Box>
        <Typography variant="h5" component="h1">Reconciliation</Typography>
        <Typography variant="body2" color="text.secondary">
          Every PayTrace transaction of a range against what Sage Pro recorded: each item classified and explained in one sentence.
        </Typography>
      </Box>
      {isAdminRole(permissions) && (
        <Section title="Run a reconciliation" description="A pair and a range of your days, at most 92.">
          <RunForm />
        </Section>
      )}
      <Section title="Reports" description="Newest first.">
        {reports.error ? <Alert severity="error" sx={{ m: 2 }}>Could not read the reports: {describeError(reports.error)}</Alert> : null}
        {reports.loading && !reports.data ? <CircularProgress size={24} sx={{ m: 2 }} aria-label="Loading reports" /> : null}
        {reports.data && reports.data.nodes.length === 0 && <Typography sx={{ p: 2 }} color="text.secondary">None yet.</Typography>}
        {reports.data && reports.data.nodes.length > 0 && (
          <Box sx={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
            <Table size="small" aria-label="Reconciliation reports">
              <TableHead><TableRow><TableCell>Days</TableCell><TableCell>Environment</TableCell><TableCell>Items</TableCell><TableCell>Need a look</TableCell><TableCell>Run</TableCell></TableRow></TableHead>
              <TableBody>
                {reports.data.nodes.map(r => (
                  <TableRow key={r.id}>
                    <TableCell><MuiLink component={Link} to={`/reconciliation/${r.id}`}>{r.from} – {r.to}</MuiLink></TableCell>
                    <TableCell>{r.environment}</TableCell>
                    <TableCell>{r.itemCount}</TableCell>
                    <TableCell>{r.unexplained}</TableCell>
                    <TableCell>{new Date(r.finishedAt).toLocaleString()}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </Section>
    </Stack>
  );
};

const RunForm = () => {
  const pairs = useLoad(listPairs, 'pairs');
  const [pair, setPair] = useState('');
  const [from, setFrom] = useState(monthStart());
  const [to, setTo] = useState(today());
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const navigate = useNavigate();
  const chosen = pair || pairs.data?.[0]?.id || '';
  const run = () => {
    setState({ busy: true, error: null });
    runReconciliation({ integrationId: chosen, from, to }).then(
      report => navigate(`/reconciliation/${report.id}`),
      (e: unknown) => setState({ busy: false, error: describeError(e) }),
    );
  };
  if (pairs.error) return <Alert severity="error" sx={{ m: 2 }}>Could not read the pairs: {describeError(pairs.error)}</Alert>;
  if (pairs.data && pairs.data.length === 0) return <Typography sx={{ p: 2 }} color="text.secondary">No pair connects a PayTrace account yet.</Typography>;
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ p: 2, alignItems: { sm: 'flex-start' } }}>
      <TextField select size="small" label="Pair" value={chosen} onChange={e => setPair(e.target.value)} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }} sx={{ minWidth: 220 }}>
        {(pairs.data ?? []).map(p => <option key={p.id} value={p.id}>{p.name} ({p.environment})</option>)}
      </TextField>
      <TextField size="small" type="date" label="From" value={from} onChange={e => setFrom(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
      <TextField size="small" type="date" label="To" value={to} onChange={e => setTo(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
      <Button variant="contained" disabled={!chosen || state.busy} onClick={run}>{state.busy ? 'Reconciling…' : 'Reconcile'}</Button>
      {state.error && <Alert severity="error">{state.error}</Alert>}
    </Stack>
  );
};
