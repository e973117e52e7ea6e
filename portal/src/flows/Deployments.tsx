import { Alert, Box, Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { getSession } from '../graphql';
import {
  approvePromotion, ENVIRONMENTS, type EnvironmentPair, type EnvironmentPairs, type Flow, type FlowPromotion, provisionSandboxPairs,
  rejectPromotion, rollback, TEST_RUN_ENVIRONMENTS,
} from './api';
import { useAction } from './useAction';
import { versionName } from './VersionLabel';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** "Dev sandbox: PayTrace Dev sandbox → Sage Pro Dev sandbox (company 01)"; a pair still without a PayTrace account says so. */
const PairText = ({ pair }: { pair: EnvironmentPair }) => (
  <Box component="li">
    <strong>{pair.name}</strong>{pair.enabled ? '' : ' (paused)'}: PayTrace {pair.payTrace ?? 'account not paired yet'} → Sage Pro {pair.sagePro}
  </Box>
);

/** Which pairs an environment binds; null while they could not be read (the reason is shown below the table). */
const PairsCell = ({ pairs }: { pairs: EnvironmentPair[] | null }) => {
  if (!pairs) return <>—</>;
  if (!pairs.length) return <Typography variant="body2" color="text.secondary" component="span">No pair: nothing runs here</Typography>;
  return <Box component="ul" sx={{ m: 0, pl: 2 }}>{pairs.map(p => <PairText key={p.id} pair={p} />)}</Box>;
};

/**
 * What dev, qa and prod run and which pair each binds, a rollback per environment, sandbox pairs for
 * dev and qa when one has none, and promotions to prod waiting for a second person.
 */
export const Deployments = ({ flow, pairs, pairsError, pending, people, canEdit, onChange }: {
  flow: Flow; pairs: EnvironmentPairs | null; pairsError: string | null; pending: FlowPromotion[]; people: Map<string, string>; canEdit: boolean; onChange: () => void;
}) => {
  const action = useAction();
  const me = getSession()?.me.user.id;
  const unpaired = pairs ? TEST_RUN_ENVIRONMENTS.filter(env => !pairs[env].length) : [];
  return (
    <Box>
      <Table size="small" aria-label="Environments">
        <TableHead>
          <TableRow><TableCell>Environment</TableCell><TableCell>Runs</TableCell><TableCell>Since</TableCell><TableCell>Pair (PayTrace → Sage Pro)</TableCell><TableCell /></TableRow>
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
                <TableCell data-testid={`pairs-${env}`} sx={{ maxWidth: 420, overflowWrap: 'anywhere' }}><PairsCell pairs={pairs ? pairs[env] : null} /></TableCell>
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
      <Stack spacing={1} sx={{ p: pending.length || action.error || pairsError || unpaired.length ? 2 : 0 }}>
        {pairsError && <Alert severity="warning">Could not read the environments' pairs: {pairsError}</Alert>}
        {unpaired.length > 0 && (
          <Alert severity="info" action={canEdit && (
            <Button size="small" disabled={action.busy}
              onClick={() => action.run(provisionSandboxPairs, () => { onChange(); return 'dev and qa each have a sandbox pair'; })}>
              Create sandbox pairs for dev and qa
            </Button>
          )}>
            {unpaired.join(' and ')} {unpaired.length === 1 ? 'has' : 'have'} no pair: a version there runs on nothing, and test runs have nowhere to go.
            {canEdit ? ' Settle can give each a PayTrace sandbox merchant and a sandbox Sage Pro company.' : ' An owner or admin can create sandbox pairs.'}
          </Alert>
        )}
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
