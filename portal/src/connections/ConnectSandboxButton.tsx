import { Button, CircularProgress } from '@mui/material';
import BoltIcon from '@mui/icons-material/Bolt';
import { useCreate, useNotify, useRedirect } from 'react-admin';

/** One click: createPayTraceConnection(environment: sandbox) makes a sandbox merchant, then opens it. */
export const ConnectSandboxButton = () => {
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const redirect = useRedirect();
  const connect = () =>
    create('connections', { data: { environment: 'sandbox' } }, {
      onSuccess: data => {
        notify('PayTrace sandbox connected', { type: 'success' });
        redirect('edit', 'connections', data.id);
      },
      onError: e => notify(e instanceof Error ? e.message : 'Could not connect the sandbox', { type: 'error' }),
    });
  return (
    <Button variant="contained" onClick={connect} disabled={isPending}
      startIcon={isPending ? <CircularProgress size={16} color="inherit" /> : <BoltIcon />}>
      Connect PayTrace sandbox
    </Button>
  );
};
