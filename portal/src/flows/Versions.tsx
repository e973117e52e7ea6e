import { Alert, Box, Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { ENVIRONMENTS, type Flow, type FlowVersion, promoteVersion } from './api';
import { RollbackToVersion, rollbackTargets } from './RollbackToVersion';
import { useAction } from './useAction';

/**
 * The published versions, newest first, each with buttons to promote it and to roll an environment
 * running a later version back to it. The server says which moves are allowed.
 */
export const Versions = ({ flow, versions, people, canEdit, onChange }: {
  flow: Flow; versions: FlowVersion[]; people: Map<string, string>; canEdit: boolean; onChange: () => void;
}) => {
  const action = useAction();
  const runsIn = (id: string) => flow.deployments.filter(d => d.versionId === id).map(d => d.environment);
  if (!versions.length) return <Typography sx={{ p: 2 }} color="text.secondary">No version yet: every environment runs the built-in default. Publish the draft to make version 1.</Typography>;
  return (
    <Box>
      <Table size="small" aria-label="Versions">
        <TableHead>
          <TableRow>
            <TableCell>Version</TableCell><TableCell>Author</TableCell><TableCell>Published</TableCell>
            <TableCell>Comment</TableCell><TableCell>Runs in</TableCell><TableCell>Promote</TableCell>
            {canEdit && <TableCell>Roll back</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {versions.map(v => (
            <TableRow key={v.id}>
              <TableCell>{v.number}</TableCell>
              <TableCell>{v.authorId ? people.get(v.authorId) ?? 'a former member' : 'an API key'}</TableCell>
              <TableCell>{new Date(v.createdAt).toLocaleString()}</TableCell>
              <TableCell sx={{ maxWidth: 320, overflowWrap: 'anywhere' }}>{v.comment || '—'}</TableCell>
              <TableCell>{runsIn(v.id).join(', ') || '—'}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {canEdit ? ENVIRONMENTS.map(env => (
                  <Button key={env} size="small" disabled={action.busy || runsIn(v.id).includes(env)} aria-label={`Promote version ${v.number} to ${env}`}
                    onClick={() => action.run(() => promoteVersion(v.id, env), r => {
                      onChange();
                      return r.promotion ? `Version ${v.number} waits for a second person to approve it for ${env}` : `Version ${v.number} now runs in ${env}`;
                    })}>
                    to {env}
                  </Button>
                )) : '—'}
              </TableCell>
              {canEdit && (
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {rollbackTargets(flow, v).map(env => (
                    <RollbackToVersion key={env} flow={flow} version={v} environment={env} disabled={action.busy} onChange={onChange} />
                  ))}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {action.error && <Alert severity="error" sx={{ m: 2 }} onClose={action.clearError}>{action.error}</Alert>}
    </Box>
  );
};
