import { Button, CircularProgress } from '@mui/material';
import BoltIcon from '@mui/icons-material/Bolt';
import { useCreate, useNotify, useRedirect } from 'react-admin';
import { SAGEPRO_RESOURCE, sageProPath } from './types';

/** One click: createSageProConnection(edition: sandbox) connects company 01 of the built-in sandbox, then opens it. */
export const ConnectSageProSandboxButton = () => {
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const redirect = useRedirect();
  const connect = () =>
    create(SAGEPRO_RESOURCE, { data: { edition: 'sandbox' } }, {
      onSuccess: data => {
        notify('Sage Pro sandbox connected', { type: 'success' });
        redirect(sageProPath(data.id));
      },
      onError: e => notify(e instanceof Error ? e.message : 'Could not connect the sandbox', { type: 'error' }),
    });
  return (
    <Button variant="contained" onClick={connect} disabled={isPending}
      startIcon={isPending ? <CircularProgress size={16} color="inherit" /> : <BoltIcon />}>
      Connect Sage Pro sandbox
    </Button>
  );
};
