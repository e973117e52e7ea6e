import { type ReactNode, useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Typography } from '@mui/material';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import { TestSummary } from './status';
import { Panel } from './Panel';
import type { TestSummaryValue } from './types';

/** What a connection test mutation answers (testPayTraceConnection, testSageProConnection). */
export interface TestResult { status: string; message: string; durationMs: number; testedAt: string }

/**
 * "Test connection" (operator+): runs `run` (the connection's test mutation) and shows what happened,
 * status, message and duration, in `data-testid={testId}`; before that, the connection's last test.
 */
export const TestPanel = ({ lastTest, canTest, onTested, run, description, testId = 'connection-test-result' }: {
  lastTest: TestSummaryValue; canTest: boolean; onTested: () => void;
  run: () => Promise<TestResult>; description: ReactNode; testId?: string;
}) => {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const test = async () => {
    setPending(true);
    setFailure(null);
    try {
      setResult(await run());
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
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>{description}</Typography>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 1.5 }}>
        {canTest && (
          <Button variant="contained" onClick={test} disabled={pending}
            startIcon={pending ? <CircularProgress size={16} color="inherit" /> : <NetworkCheckIcon />}>
            Test connection
          </Button>
        )}
        {!result && !failure && <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <Typography variant="body2" color="text.secondary">Last test:</Typography><TestSummary lastTest={lastTest} />
        </Box>}
      </Box>
      {result && (
        <Alert data-testid={testId} data-status={result.status} role="status"
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
        <Alert data-testid={testId} data-status="failed" severity="error" role="status">
          The test could not be run: {failure}
        </Alert>
      )}
    </Panel>
  );
};
