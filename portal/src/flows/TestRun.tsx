import { useState } from 'react';
import { Alert, Button, Link as MuiLink } from '@mui/material';
import { Link } from 'react-router-dom';
import { type EnvironmentPairs, type Flow, type FlowSample, TEST_RUN_ENVIRONMENTS, testRunFlow } from './api';
import { useAction } from './useAction';
import { versionName } from './VersionLabel';

type TestRunEnvironment = (typeof TEST_RUN_ENVIRONMENTS)[number];

/**
 * "Test run in dev" / "in qa": the preview's sample goes through that environment's own (sandbox)
 * pair as a real event, run by the version deployed there; the answer links to the event's timeline.
 * Never offered for prod: a sample must not reach production books (the API refuses it too).
 */
export const TestRunButtons = ({ flow, pairs, sample }: { flow: Flow; pairs: EnvironmentPairs | null; sample: () => FlowSample }) => {
  const action = useAction();
  const [sent, setSent] = useState<{ environment: TestRunEnvironment; eventId: string; runs: string; pair: string | null } | null>(null);
  const send = (environment: TestRunEnvironment) => action.run(async () => {
    setSent(null);
    const eventId = await testRunFlow(environment, sample());
    const runs = versionName(flow.deployments.find(d => d.environment === environment)?.versionNumber ?? 0);
    return { environment, eventId, runs, pair: pairs?.[environment][0]?.name ?? null };
  }, setSent);
  return (
    <>
      {TEST_RUN_ENVIRONMENTS.map(environment => (
        <Button key={environment} variant="outlined" disabled={action.busy} onClick={() => send(environment)}>
          Test run in {environment}
        </Button>
      ))}
      {sent && (
        <Alert severity="success" role="status" sx={{ flexBasis: '100%' }} data-testid="test-run-result" onClose={() => setSent(null)}>
          Sent to {sent.environment}{sent.pair ? ` through “${sent.pair}”` : ''}, where {sent.runs} runs.{' '}
          <MuiLink component={Link} to={`/events/${sent.eventId}/show`}>Open the event's timeline</MuiLink>
        </Alert>
      )}
      {action.error && <Alert severity="error" sx={{ flexBasis: '100%' }} onClose={action.clearError}>Test run: {action.error}</Alert>}
    </>
  );
};
