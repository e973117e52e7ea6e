import { type MouseEvent, useState } from 'react';
import { Button } from '@mui/material';
import ReplayIcon from '@mui/icons-material/Replay';
import { Confirm, useGetOne, useListContext, useRecordContext } from 'react-admin';
import { useReplay } from './useReplay';

/** Per row: sends this one dead letter back to the pipeline. */
export const ReplayButton = () => {
  const record = useRecordContext();
  const { replay, pending } = useReplay();
  if (!record || record.replayedAt) return null;
  const click = (e: MouseEvent) => {
    e.stopPropagation(); // the row itself opens the event
    void replay({ ids: [record.id] });
  };
  return <Button size="small" startIcon={<ReplayIcon />} onClick={click} disabled={pending}>Replay</Button>;
};

/** Bulk action: the selected dead letters. */
export const ReplaySelectedButton = () => {
  const { selectedIds } = useListContext();
  const { replay, pending } = useReplay();
  return (
    <Button size="small" startIcon={<ReplayIcon />} disabled={pending || !selectedIds.length}
      onClick={() => void replay({ ids: selectedIds })}>Replay selected</Button>
  );
};

/**
 * Every open dead letter of the integration the list is filtered on (the one whose connection was
 * just fixed), or of the whole tenant when it is not; after a confirmation that says which.
 */
export const ReplayAllButton = () => {
  const { filterValues } = useListContext();
  const integrationId: string | undefined = filterValues.integrationId || undefined;
  const { data: integration } = useGetOne('integrations', { id: integrationId }, { enabled: !!integrationId });
  const { replay, pending } = useReplay();
  const [open, setOpen] = useState(false);
  const scope = integrationId ? `of ${integration?.name ?? 'this integration'}` : 'of every integration';
  return (
    <>
      <Button size="small" variant="outlined" startIcon={<ReplayIcon />} onClick={() => setOpen(true)}>Replay all</Button>
      <Confirm isOpen={open} loading={pending} onClose={() => setOpen(false)}
        onConfirm={async () => { await replay(integrationId ? { integrationId } : { all: true }); setOpen(false); }}
        title={`Replay every open dead letter ${scope}?`}
        content="Each goes back through the pipeline. Sage Pro writes are idempotent: nothing already written is written twice." />
    </>
  );
};
