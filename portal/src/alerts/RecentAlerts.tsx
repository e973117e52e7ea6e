import { Box, Chip, Stack, Tooltip, Typography } from '@mui/material';
import { DataTable, DateField, ListBase, type RaRecord, useGetList, useRecordContext } from 'react-admin';
import { Link } from 'react-router-dom';
import { dateTime } from '../connections/format';
import { SectionPagination } from '../connections/Section';
import { kindName } from './kinds';

type Delivery = { channelId: string; ok: boolean; error: string | null; at: string };
type Sample = { eventId: string | null; detail: string | null; at: string };

/** How sending went, per channel (a deleted channel is named by its id). */
const Deliveries = ({ deliveries, channels }: { deliveries: Delivery[]; channels: RaRecord[] }) => (
  <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5 }}>
    {deliveries.map(d => {
      const name = channels.find(c => c.id === d.channelId)?.name ?? d.channelId.slice(0, 8);
      return (
        <Tooltip key={d.channelId} title={d.error ?? `Sent ${dateTime(d.at)}`}>
          <Chip size="small" variant="outlined" color={d.ok ? 'success' : 'error'} label={`${name}: ${d.ok ? 'sent' : 'failed'}`} />
        </Tooltip>
      );
    })}
  </Stack>
);

const Samples = () => {
  const samples: Sample[] = useRecordContext()?.samples ?? [];
  if (!samples.length) return <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>No examples kept.</Typography>;
  return (
    <Box component="ul" sx={{ m: 0, py: 1 }}>
      {samples.map((s, i) => (
        <li key={i}>
          <Typography variant="body2">
            {dateTime(s.at)} {s.eventId ? <Link to={`/events/${s.eventId}/show`}>event</Link> : null} {s.detail ?? ''}
          </Typography>
        </li>
      ))}
    </Box>
  );
};

/** Grouped alerts, newest first: delivered ones and those still gathering occurrences. */
export const RecentAlerts = () => {
  const { data: channels = [] } = useGetList('alertChannels');
  return (
    <ListBase resource="alerts" perPage={10} disableSyncWithLocation storeKey={false} queryOptions={{ refetchInterval: 10_000 }}>
      <DataTable bulkActionButtons={false} rowClick="expand" expand={<Samples />}
        empty={<Typography sx={{ p: 2 }} color="text.secondary">No alerts.</Typography>}>
        <DataTable.Col label="Kind" disableSort render={r => kindName(r.kind)} />
        <DataTable.Col label="Summary" source="summary" disableSort />
        <DataTable.Col label="Occurrences" source="occurrences" disableSort align="right" />
        <DataTable.Col label="First" disableSort render={() => <DateField source="firstAt" showTime />} />
        <DataTable.Col label="Last" disableSort render={() => <DateField source="lastAt" showTime />} />
        <DataTable.Col label="Delivered" disableSort render={r => (r.deliveredAt
          ? <DateField source="deliveredAt" showTime />
          : <Chip size="small" variant="outlined" label="Gathering" />)} />
        <DataTable.Col label="Channels" disableSort render={r => <Deliveries deliveries={r.delivery} channels={channels} />} />
      </DataTable>
      <SectionPagination />
    </ListBase>
  );
};
