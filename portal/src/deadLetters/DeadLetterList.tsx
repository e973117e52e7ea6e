import { Chip, Typography } from '@mui/material';
import { BooleanInput, DataTable, DateField, List, ReferenceInput, SelectInput, TopToolbar, usePermissions } from 'react-admin';
import { isOperatorRole } from '../authProvider';
import { Amount } from '../events/Amount';
import { ReplayAllButton, ReplayButton, ReplaySelectedButton } from './ReplayButtons';

const CAUSE_COLORS = { permanent: 'error', exhausted: 'warning', validation: 'info' } as const;

const filters = [
  <ReferenceInput key="integrationId" source="integrationId" reference="integrations" alwaysOn>
    <SelectInput label="Integration" optionText="name" emptyText="All integrations" />
  </ReferenceInput>,
  <BooleanInput key="includeReplayed" source="includeReplayed" label="Show replayed" alwaysOn />,
];

/** /deadLetters: events that could not go on by themselves; a row opens the event, operators replay them. */
export const DeadLetterList = () => {
  const { permissions } = usePermissions();
  const canReplay = isOperatorRole(permissions);
  return (
    <List title="Dead letters" filters={filters} exporter={false} perPage={25} empty={false} queryOptions={{ refetchInterval: 5000 }}
      actions={canReplay ? <TopToolbar><ReplayAllButton /></TopToolbar> : false}>
      <DataTable bulkActionButtons={canReplay ? <ReplaySelectedButton /> : false} isRowSelectable={r => !r.replayedAt}
        rowClick={(_id, _resource, r) => `/events/${r.eventId}/show`} rowSx={r => (r.replayedAt ? { opacity: 0.6 } : {})}
        empty={<Typography sx={{ p: 2 }} color="text.secondary">No dead letters. Every event went through.</Typography>}>
        <DataTable.Col label="Dead since" disableSort render={() => <DateField source="createdAt" showTime />} />
        <DataTable.Col label="Cause" disableSort render={r => (
          <Chip size="small" variant="outlined" label={r.cause} color={CAUSE_COLORS[r.cause as keyof typeof CAUSE_COLORS] ?? 'default'} />
        )} />
        <DataTable.Col label="Error code" disableSort render={r => <code>{r.errorCode}</code>} />
        <DataTable.Col label="Reason" source="reason" disableSort />
        <DataTable.Col label="Field" disableSort render={r => (r.field ? <code>{r.field}</code> : '—')} />
        <DataTable.Col label="Event" disableSort render={r => <code>{r.event.type}</code>} />
        <DataTable.Col label="Document" disableSort render={r => r.event.documentNumber ?? '—'} />
        <DataTable.Col label="Amount" disableSort align="right"
          render={r => <Amount minor={r.event.amountMinor} currency={r.event.currency} />} />
        <DataTable.Col label="Attempts" source="attempts" disableSort align="right" />
        <DataTable.Col label="Replayed" disableSort
          render={r => (r.replayedAt ? <DateField source="replayedAt" showTime /> : '')} />
        {canReplay && <DataTable.Col label="" disableSort align="right" render={() => <ReplayButton />} />}
      </DataTable>
    </List>
  );
};
