import { Typography } from '@mui/material';
import { DataTable, DateField, List, SearchInput, SelectInput } from 'react-admin';
import { Amount } from './Amount';
import { EventStateChip, SOURCE_CHOICES, STATE_CHOICES, TYPE_CHOICES, sourceLabel } from './states';

const filters = [
  <SearchInput key="search" source="search" alwaysOn placeholder="Document no., PayTrace transaction or correlation id"
    sx={{ minWidth: 380 }} />,
  <SelectInput key="state" source="state" label="State" choices={STATE_CHOICES} alwaysOn emptyText="Any state" />,
  <SelectInput key="type" source="type" label="Type" choices={TYPE_CHOICES} alwaysOn emptyText="Any type" />,
  <SelectInput key="source" source="source" label="Source" choices={SOURCE_CHOICES} alwaysOn emptyText="Any source" />,
];

/** /events: every event from every source, newest first, refreshed every 5 s; a row opens its timeline. */
export const EventList = () => (
  <List title="Events" filters={filters} actions={false} exporter={false} perPage={25} empty={false}
    queryOptions={{ refetchInterval: 5000 }}>
    <DataTable bulkActionButtons={false} rowClick="show"
      empty={<Typography sx={{ p: 2 }} color="text.secondary">No events match.</Typography>}>
      <DataTable.Col label="Received" disableSort render={() => <DateField source="receivedAt" showTime />} />
      <DataTable.Col label="Type" disableSort render={r => <code>{r.type}</code>} />
      <DataTable.Col label="Source" disableSort render={r => sourceLabel(r.source)} />
      <DataTable.Col label="State" disableSort render={r => <EventStateChip state={r.state} />} />
      <DataTable.Col label="Document" disableSort render={r => r.documentNumber ?? '—'} />
      <DataTable.Col label="Amount" disableSort align="right" render={r => <Amount minor={r.amountMinor} currency={r.currency} />} />
      <DataTable.Col label="Attempts" source="attempts" disableSort align="right" />
      <DataTable.Col label="Last error" disableSort render={r => r.lastError
        ? <Typography variant="body2" color="error" sx={{ maxWidth: 320 }} noWrap title={r.lastError}>{r.lastError}</Typography>
        : ''} />
    </DataTable>
  </List>
);
