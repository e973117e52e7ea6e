import { useState } from 'react';
import { Box, Button, CircularProgress, Tooltip, Typography } from '@mui/material';
import SyncIcon from '@mui/icons-material/Sync';
import { useDataProvider, useNotify } from 'react-admin';
import type { SettleDataProvider } from '../data';
import { ago, dateTime, duration, useNow } from './format';
import { Facts, Panel } from './Panel';
import type { PayTraceConnection } from './types';

/** Where the change feed stands; operators can "Poll now" instead of waiting for the next interval. */
export const ChangeFeedPanel = ({ connection, canPoll, onPolled }: {
  connection: PayTraceConnection; canPoll: boolean; onPolled: () => void;
}) => {
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const now = useNow();
  const [pending, setPending] = useState(false);
  const feed = connection.changeFeed;

  const poll = async () => {
    setPending(true);
    try {
      await dataProvider.pollConnection(connection.id);
      notify('Poll started', { type: 'info' });
      onPolled();
    } catch (e) {
      notify(e instanceof Error ? e.message : 'Could not start a poll', { type: 'error' });
    } finally {
      setPending(false);
    }
  };

  return (
    <Panel title="Change feed" action={canPoll && (
      <Button size="small" variant="outlined" onClick={poll} disabled={pending}
        startIcon={pending ? <CircularProgress size={14} color="inherit" /> : <SyncIcon />}>Poll now</Button>
    )}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        Settle asks PayTrace for new and changed transactions every {duration(connection.pollIntervalSeconds)}.
      </Typography>
      <Facts rows={[
        ['Cursor', feed.cursor
          ? <Tooltip title="Every transaction before this instant has been seen"><span>{dateTime(feed.cursor)}</span></Tooltip>
          : '—'],
        ['Last poll', feed.lastPollAt
          ? <Tooltip title={dateTime(feed.lastPollAt)}><span>{ago(feed.lastPollAt, now)}</span></Tooltip>
          : 'Not polled yet'],
        ['Lag', feed.lagSeconds === null ? '—' : duration(feed.lagSeconds)],
        ['Last error', feed.lastError
          ? <Box component="span" sx={{ color: 'error.main' }} data-testid="change-feed-error">{feed.lastError}</Box>
          : 'None'],
      ]} />
    </Panel>
  );
};
