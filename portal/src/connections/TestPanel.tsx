import { useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Typography } from '@mui/material';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import { useDataProvider } from 'react-admin';
import type { ConnectionTestResult, SettleDataProvider } from '../dataProvider';
import { TestSummary } from './status';
import { Panel } from './Panel';
import type { PayTraceConnection } from './types';

/** "Test connection" (operator+): signs in to PayTrace with the stored credentials and shows what happened. */
export const TestPanel = ({ connection, canTest, onTested }: {
  connection: PayTraceConnection; canTest: boolean; onTested: () => void;
}) => {
  const dataProvider = useDataProvider<SettleDataProvider>();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async () => {
    setPending(true);
    setFailure(null);
    try {
      setResult(await dataProvider.testConnection(connection.id));
      onTested(); // lastTest changed
    } catch (e) {
      setResult(null);
      setFailure(e instanceof Error ? e.message : 'The test could not be run');
    } finally {
      setPending(false);
    }
  };

  return (
    <Panel title="Connection test">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        Signs in to PayTrace with the stored credentials. Nothing is charged or changed.
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 1.5 }}>
        {canTest && (
          <Button variant="contained" onClick={run} disabled={pending}
            startIcon={pending ? <CircularProgress size={16} color="inherit" /> : <NetworkCheckIcon />}>
            Test connection
          </Button>
        )}
        {!result && !failure && <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <Typography variant="body2" color="text.secondary">Last test:</Typography><TestSummary lastTest={connection.lastTest} />
        </Box>}
      </Box>
      {result && (
        <Alert data-testid="connection-test-result" data-status={result.status} role="status"
          severity={result.status === 'ok' ? 'success' : 'error'}
          icon={false}>
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <Chip size="small" label={result.status} color={result.status === 'ok' ? 'success' : 'error'} />
            <span>{result.message}</span>
          </Box>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {result.durationMs} ms · {new Date(result.testedAt).toLocaleString()}
          </Typography>
        </Alert>
      )}
      {failure && (
        <Alert data-testid="connection-test-result" data-status="failed" severity="error" role="status">
          The test could not be run: {failure}
        </Alert>
      )}
    </Panel>
  );
};
