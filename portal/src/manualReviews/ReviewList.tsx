import { Chip, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { BooleanInput, DataTable, DateField, List, useRecordContext, usePermissions } from 'react-admin';
import { isOperatorRole } from '../authProvider';
import { Amount } from '../events/Amount';
import { JsonBlock } from '../events/JsonBlock';
import { REASON_LABELS, payerOf, payerText } from './reviewFacts';
import { ReviewActions } from './ReviewActions';

const filters = [<BooleanInput key="includeResolved" source="includeResolved" label="Show resolved" alwaysOn />];

const Detail = () => <JsonBlock json={useRecordContext()?.detail} label="Review detail" />;

/** /manualReviews: payments waiting for a person, newest first; operators place or dismiss them. */
export const ReviewList = () => {
  const { permissions } = usePermissions();
  return (
    <List title="Manual review" filters={filters} actions={false} exporter={false} perPage={25} empty={false}
      queryOptions={{ refetchInterval: 5000 }}>
      <DataTable bulkActionButtons={false} rowClick={false} expand={<Detail />}
        empty={<Typography sx={{ p: 2 }} color="text.secondary">No payment is waiting for a person.</Typography>}>
        <DataTable.Col label="Waiting since" disableSort render={() => <DateField source="createdAt" showTime />} />
        <DataTable.Col label="Reason" disableSort render={r => REASON_LABELS[r.reason] ?? r.reason} />
        <DataTable.Col label="Document" disableSort render={r => (
          <Link to={`/events/${r.eventId}/show`}>{r.event.documentNumber ?? 'Open event'}</Link>
        )} />
        <DataTable.Col label="Amount" disableSort align="right"
          render={r => <Amount minor={r.event.amountMinor} currency={r.event.currency} />} />
        <DataTable.Col label="Customer" disableSort render={r => payerText(payerOf(r))} />
        <DataTable.Col label="Resolution" disableSort
          render={r => (r.resolution ? <Chip size="small" variant="outlined" label={r.resolution} /> : 'Open')} />
        {isOperatorRole(permissions) && <DataTable.Col label="" disableSort align="right" render={() => <ReviewActions />} />}
      </DataTable>
    </List>
  );
};
