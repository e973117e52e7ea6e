import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { type EnvironmentName, type Flow, type FlowVersion, rollback } from './api';
import { useAction } from './useAction';
import { versionName } from './VersionLabel';

/**
 * The environments that could go back to `version`: those running a later one. The API decides the
 * rest (the version must have run there before) and says so in words when it did not.
 */
export const rollbackTargets = (flow: Flow, version: FlowVersion): EnvironmentName[] =>
  flow.deployments.filter(d => d.versionNumber > version.number).map(d => d.environment);

/** "Roll back qa to this version", confirmed in a dialog that says what runs there now and what will. */
export const RollbackToVersion = ({ flow, version, environment, disabled, onChange }: {
  flow: Flow; version: FlowVersion; environment: EnvironmentName; disabled: boolean; onChange: () => void;
}) => {
  const [open, setOpen] = useState(false);
  const action = useAction();
  const runs = versionName(flow.deployments.find(d => d.environment === environment)?.versionNumber ?? 0);
  const close = () => { setOpen(false); action.clearError(); };
  const confirm = () => action.run(() => rollback(flow.id, environment, version.id), d => {
    setOpen(false);
    onChange();
    return `${environment} runs ${versionName(d.versionNumber)} again`;
  });
  return (
    <>
      <Button size="small" color="warning" disabled={disabled || action.busy} aria-label={`Roll back ${environment} to version ${version.number}`} onClick={() => setOpen(true)}>
        Roll back {environment} to this version
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby={`rollback-${version.id}-${environment}`}>
        <DialogTitle id={`rollback-${version.id}-${environment}`}>Roll back {environment} to version {version.number}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {environment} runs {runs} now. From the next event on it runs version {version.number} again
            {version.comment ? ` (“${version.comment}”)` : ''}. Events already processed keep the version that processed them.
          </DialogContentText>
          {action.error && <Alert severity="error" sx={{ mt: 2 }}>{action.error}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={action.busy}>Cancel</Button>
          <Button variant="contained" color="warning" onClick={confirm} disabled={action.busy}>Roll back {environment}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
