import { Box, Chip, Stack, Tooltip, Typography } from '@mui/material';
import { ago, dateTime, duration, useNow } from './format';
import type { PayTraceConnection, TestSummaryValue } from './types';

/** Last poll, lag and last error of a connection's change feed. */
export const FeedSummary = ({ feed }: { feed: PayTraceConnection['changeFeed'] }) => {
  const now = useNow();
  return (
    <Box>
      {feed.lastPollAt
        ? <Tooltip title={dateTime(feed.lastPollAt)}><span>Last poll {ago(feed.lastPollAt, now)}</span></Tooltip>
        : <Typography variant="body2" component="span" color="text.secondary">Not polled yet</Typography>}
      {feed.lagSeconds !== null && <Typography variant="body2" color="text.secondary">Lag {duration(feed.lagSeconds)}</Typography>}
      {feed.lastError && <Typography variant="body2" color="error" sx={{ wordBreak: 'break-word' }}>{feed.lastError}</Typography>}
    </Box>
  );
};

export const TestSummary = ({ lastTest }: { lastTest: TestSummaryValue }) => {
  const now = useNow();
  if (!lastTest) return <Typography variant="body2" color="text.secondary">Never tested</Typography>;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Chip size="small" label={lastTest.result} color={lastTest.result === 'ok' ? 'success' : 'error'} variant="outlined" />
      <Tooltip title={dateTime(lastTest.testedAt)}><Typography variant="body2" color="text.secondary">{ago(lastTest.testedAt, now)}</Typography></Tooltip>
    </Stack>
  );
};
