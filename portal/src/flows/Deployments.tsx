import { Alert, Box, Button, Stack, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { getSession } from '../graphql';
import { approvePromotion, ENVIRONMENTS, type Flow, type FlowPromotion, rejectPromotion, rollback } from './api';
import { useAction } from './useAction';
import { versionName } from './VersionLabel';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** What dev, qa and prod run, a rollback per environment, and promotions to prod waiting for a second person. */
export const Deployments = ({ flow, pending, people, canEdit, onChange }: {
  flow: Flow; pending: FlowPromotion[]; people: Map<string, string>; canEdit: boolean; onChange: () => void;
}) => {
  const action = useAction();
  const me = getSession()?.me.user.id;
  return (
    <Box>
      <Table size="small" aria-label="Environments">
        <TableHead>
          <TableRow><TableCell>Environment</TableCell><TableCell>Runs</TableCell><TableCell>Since</TableCell><TableCell /></TableRow>
        </TableHead>
        <TableBody>
          {ENVIRONMENTS.map(env => {
            const deployment = flow.deployments.find(d => d.environment === env);
            const number = deployment?.versionNumber ?? 0;
            return (
              <TableRow key={env}>
                <TableCell>{env}</TableCell>
                <TableCell data-testid={`runs-${env}`}>{versionName(number)}</TableCell>
                <TableCell>{when(deployment?.deployedAt ?? null)}</TableCell>
                <TableCell align="right">
                  {canEdit && number > 0 && (
                    <Button size="small" disabled={action.busy} aria-label={`Roll back ${env}`}
                      onClick={() => action.run(() => rollback(flow.id, env), d => { onChange(); return `${env} runs ${versionName(d.versionNumber)} again`; })}>
                      Roll back
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Stack spacing={1} sx={{ p: pending.length || action.error ? 2 : 0 }}>
        {pending.map(p => (
          <Alert key={p.id} severity="warning" role="status" action={canEdit && (
            <>
              {/* The one who asked cannot approve (a second person must), but may withdraw. */}
              {p.requestedBy !== me && (
                <Button size="small" disabled={action.busy} onClick={() => action.run(() => approvePromotion(p.id), () => { onChange(); return `Version ${p.versionNumber} now runs in ${p.environment}`; })}>Approve</Button>
              )}
              <Button size="small" disabled={action.busy} onClick={() => action.run(() => rejectPromotion(p.id), () => { onChange(); return p.requestedBy === me ? 'Promotion withdrawn' : 'Promotion rejected'; })}>
                {p.requestedBy === me ? 'Withdraw' : 'Reject'}
              </Button>
            </>
          )}>
            Version {p.versionNumber} waits for approval to {p.environment}, asked by {p.requestedBy ? people.get(p.requestedBy) ?? 'someone' : 'an API key'} on {when(p.createdAt)}.
            {p.requestedBy === me ? 'Another owner or admin approves it.' : 'You may approve or reject it.'}
          </Alert>
        ))}
        {action.error && <Alert severity="error" onClose={action.clearError}>{action.error}</Alert>}
      </Stack>
    </Box>
  );
};
