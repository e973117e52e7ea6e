import { useState } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { diffVersions, ENVIRONMENTS, type Flow, type FlowChange, type FlowVersion, promoteVersion, publishVersion, rollback } from '../api';
import { useAction } from '../useAction';
import { versionName } from '../VersionLabel';

/**
 * One click from the canvas: publish the draft, deploy the newest version to dev, qa or prod, send an
 * environment back to what it ran before, and draw the changes since a version on the canvas. The
 * server decides what is allowed (qa takes a version that ran in dev, …) and says so in words.
 */
export const ReleaseBar = ({ flow, versions, canEdit, compare, onCompare, onChange }: {
  flow: Flow; versions: FlowVersion[]; canEdit: boolean;
  compare: { version: FlowVersion; changes: FlowChange[] } | null; onCompare: (c: { version: FlowVersion; changes: FlowChange[] } | null) => void;
  onChange: () => void;
}) => {
  const action = useAction();
  const [note, setNote] = useState('');
  const [against, setAgainst] = useState('');
  const latest = versions[0];
  const runs = (env: string) => flow.deployments.find(d => d.environment === env)?.versionNumber ?? 0;
  const problems = flow.draft.problems.length;
  const chosen = versions.find(v => v.id === against) ?? versions[versions.length - 1];

  return (
    <Stack spacing={1.5} data-testid="release-bar">
      <Typography variant="body2" data-testid="canvas-runs">
        {ENVIRONMENTS.map(env => `${env}: ${versionName(runs(env))}`).join(' · ')}
        {latest ? ` — newest: version ${latest.number}` : ' — nothing published yet'}
      </Typography>
      {canEdit && (
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1, alignItems: 'center' }}>
          <TextField size="small" label="Note for the version" value={note} onChange={e => setNote(e.target.value)} sx={{ minWidth: 240 }}
            slotProps={{ htmlInput: { maxLength: 500 } }} />
          <Button variant="contained" size="small" disabled={action.busy || problems > 0}
            title={problems ? 'Fix the problems shown on the steps first' : undefined}
            onClick={() => action.run(() => publishVersion(flow.id, flow.draft.revision, note), v => { setNote(''); onChange(); return `Published version ${v.number}`; })}>
            Publish the draft
          </Button>
          {latest && ENVIRONMENTS.map(env => (
            <Button key={env} size="small" variant="outlined" disabled={action.busy || runs(env) === latest.number}
              onClick={() => action.run(() => promoteVersion(latest.id, env), r => {
                onChange();
                return r.promotion ? `Version ${latest.number} needs a second person's approval for ${env}` : `Version ${latest.number} runs in ${env}`;
              })}>
              Deploy version {latest.number} to {env}
            </Button>
          ))}
          {ENVIRONMENTS.filter(env => runs(env) > 0).map(env => (
            <Button key={env} size="small" color="warning" disabled={action.busy}
              onClick={() => action.run(() => rollback(flow.id, env), d => { onChange(); return `${env} runs ${versionName(d.versionNumber)} again`; })}>
              Revert {env} to its previous version
            </Button>
          ))}
        </Stack>
      )}
      {versions.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1, alignItems: 'center' }}>
          <TextField select size="small" label="Draw the changes since" value={chosen?.id ?? ''} onChange={e => setAgainst(e.target.value)}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }} sx={{ minWidth: 200 }}>
            {versions.map(v => <option key={v.id} value={v.id}>version {v.number}</option>)}
          </TextField>
          <Button size="small" variant="outlined" disabled={action.busy || !chosen}
            onClick={() => action.run(() => diffVersions(chosen!.id, null), changes => onCompare({ version: chosen!, changes }))}>
            Show on the canvas
          </Button>
          {compare && <Button size="small" onClick={() => onCompare(null)}>Hide the changes</Button>}
          {compare && (
            <Typography variant="body2" data-testid="canvas-diff-summary">
              {compare.changes.length ? `${compare.changes.length} change${compare.changes.length > 1 ? 's' : ''} since version ${compare.version.number}, highlighted on the steps` : `No change since version ${compare.version.number}`}
            </Typography>
          )}
        </Stack>
      )}
      {action.error && <Alert severity="error" onClose={action.clearError}><Box component="span">{action.error}</Box></Alert>}
    </Stack>
  );
};
