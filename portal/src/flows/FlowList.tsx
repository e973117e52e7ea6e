import { Alert, Box, Card, CircularProgress, Link as MuiLink, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Title } from 'react-admin';
import { Link } from 'react-router-dom';
import { describeError, ENVIRONMENTS, listFlows } from './api';
import { VersionLabel } from './VersionLabel';
import { useLoad } from './useLoad';

const KINDS: Record<string, string> = { payment_sync: 'PayTrace payments', order_to_cash: 'Shop and partner orders' };

/** /flows: each flow and the version dev, qa and prod run. */
export const FlowList = () => {
  const { data, error, loading } = useLoad(listFlows, 'flows');
  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 3 }}>
      <Title title="Flows" />
      <Box>
        <Typography variant="h6" component="h2">Flows</Typography>
        <Typography variant="body2" color="text.secondary">
          What happens to each kind of trigger. Edit a flow's draft, publish it as a version, then promote it dev → qa → prod.
        </Typography>
      </Box>
      {error ? <Alert severity="error">Could not read the flows: {describeError(error)}</Alert> : null}
      {loading && !data ? <CircularProgress size={24} aria-label="Loading flows" /> : null}
      {data && (
        <Card>
          <Table size="small" aria-label="Flows">
            <TableHead>
              <TableRow>
                <TableCell>Flow</TableCell>
                <TableCell>Trigger</TableCell>
                {ENVIRONMENTS.map(env => <TableCell key={env}>{env}</TableCell>)}
                <TableCell>Draft</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map(flow => (
                <TableRow key={flow.id}>
                  <TableCell><MuiLink component={Link} to={`/flows/${flow.id}`}>{flow.name}</MuiLink></TableCell>
                  <TableCell>{KINDS[flow.kind] ?? flow.kind}</TableCell>
                  {ENVIRONMENTS.map(env => {
                    const deployment = flow.deployments.find(d => d.environment === env);
                    return <TableCell key={env} data-testid={`${flow.kind}-${env}`}><VersionLabel number={deployment?.versionNumber ?? 0} /></TableCell>;
                  })}
                  <TableCell>
                    {flow.draft.problems.length ? `${flow.draft.problems.length} problem(s)` : 'no problems'} · revision {flow.draft.revision}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
    </Stack>
  );
};
