import type { ReactNode } from 'react';
import { Box, Card, Stack, Typography } from '@mui/material';
import { Show, useRecordContext } from 'react-admin';
import { dateTime } from '../connections/format';
import { Facts, Panel } from '../connections/Panel';
import { Amount } from './Amount';
import { EffectsTable } from './EffectsTable';
import { JsonBlock } from './JsonBlock';
import { EventStateChip, sourceLabel } from './states';
import { Timeline } from './Timeline';

const EventTitle = () => {
  const r = useRecordContext();
  return <>Event {r ? `${r.type}${r.documentNumber ? ` · ${r.documentNumber}` : ''}` : ''}</>;
};

const TableCard = ({ title, children }: { title: string; children: ReactNode }) => (
  <Card component="section" aria-label={title}>
    <Typography variant="h6" component="h2" sx={{ px: 2, pt: 2 }}>{title}</Typography>
    <Box sx={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>{children}</Box>
  </Card>
);

const EventLayout = () => {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 3 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <Typography variant="h5" component="h1"><code>{r.type}</code></Typography>
        <EventStateChip state={r.state} />
      </Box>
      <Panel title="Event">
        <Facts rows={[
          ['Type', <code>{r.type}</code>],
          ['Source', `${sourceLabel(r.source)} (${r.externalId})`],
          ['State', <EventStateChip state={r.state} />],
          ['Document', r.documentNumber ?? '—'],
          ['Amount', <Amount minor={r.amountMinor} currency={r.currency} />],
          ['Correlation id', <code>{r.correlationId}</code>],
          ['Attempts', String(r.attempts)],
          ['Received', dateTime(r.receivedAt)],
          [r.completedAt ? 'Completed' : 'Next attempt', dateTime(r.completedAt ?? r.nextAttemptAt)],
          ['Last error', r.lastError
            ? <Box component="span" sx={{ color: 'error.main' }} data-testid="event-last-error">{r.lastError}</Box>
            : 'None'],
        ]} />
      </Panel>
      <TableCard title="Timeline"><Timeline /></TableCard>
      <TableCard title="Sage Pro effects"><EffectsTable /></TableCard>
      {r.outcome && <Panel title="Outcome"><JsonBlock json={r.outcome} label="Outcome" /></Panel>}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
        <Panel title="Normalised event"><JsonBlock json={r.event} label="Normalised event" /></Panel>
        <Panel title="Payload as received (redacted)"><JsonBlock json={r.payload} label="Payload" /></Panel>
      </Box>
    </Stack>
  );
};

/** /events/:id/show: facts, the timeline, Sage Pro effects and the JSON; refreshed every 3 s (a replay or a review moves it on). */
export const EventShow = () => (
  <Show title={<EventTitle />} actions={false} component="div" queryOptions={{ refetchInterval: 3000 }}>
    <EventLayout />
  </Show>
);
