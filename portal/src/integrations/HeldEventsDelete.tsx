import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import { useState } from 'react';
import { Confirm, useNotify, useRefresh } from 'react-admin';
import { ApiError, gql } from '../graphql';

type DeleteMutation = 'deleteIntegration' | 'deletePayTraceConnection' | 'deleteSageProConnection';
type HeldEventsChoice = 'PROCESS_FIRST' | 'DISCARD';

/**
 * Delete, with a confirmation; when the integration (or an integration using the connection) holds
 * payments because it is paused, the API refuses naming `heldEvents` and this asks what to do with
 * them: post them first (the integration is resumed, nothing is deleted) or discard them and delete.
 */
export const HeldEventsDeleteButton = ({ mutation, id, title, content, onDeleted }: {
  mutation: DeleteMutation;
  id: string;
  title: string;
  content: string;
  onDeleted: () => void;
}) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [confirming, setConfirming] = useState(false);
  const [held, setHeld] = useState<number | null>(null);
  const [pending, setPending] = useState(false);

  const remove = async (heldEvents?: HeldEventsChoice) => {
    setPending(true);
    try {
      const r = await gql<Record<DeleteMutation, boolean>>(
        `mutation Delete($id: ID!, $heldEvents: HeldEventsChoice) { ${mutation}(id: $id, heldEvents: $heldEvents) }`,
        { id, heldEvents: heldEvents ?? null },
      );
      setConfirming(false);
      setHeld(null);
      if (r[mutation]) return onDeleted();
      notify('Resumed: its held payments are being posted to Sage Pro. Nothing was deleted.', { type: 'info' });
      refresh();
    } catch (e) {
      setConfirming(false);
      if (e instanceof ApiError && e.field === 'heldEvents') setHeld(Number(/(\d+) events? (is|are) held/.exec(e.message)?.[1] ?? 0));
      else notify(e instanceof Error ? e.message : 'Could not delete', { type: 'error' });
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button color="error" size="small" startIcon={<DeleteIcon />} onClick={() => setConfirming(true)}>Delete</Button>
      <Confirm isOpen={confirming} loading={pending} title={title} content={content}
        onClose={() => setConfirming(false)} onConfirm={() => remove()} />
      <Dialog open={held !== null} onClose={() => setHeld(null)} data-testid="held-events-dialog">
        <DialogTitle>Payments are waiting</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {held === 1 ? '1 event is' : `${held} events are`} held while the integration is paused; they may carry money.
          </DialogContentText>
          <DialogContentText sx={{ mt: 1 }}>
            Post them first: the integration is resumed and they are posted to Sage Pro; delete it again afterwards.
            Discard them: they are marked ignored (never posted) and it is deleted now.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setHeld(null)} disabled={pending}>Cancel</Button>
          <Button onClick={() => remove('PROCESS_FIRST')} disabled={pending} variant="contained">Post them first</Button>
          <Button onClick={() => remove('DISCARD')} disabled={pending} color="error">Discard them and delete</Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
