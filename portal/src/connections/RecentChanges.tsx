import { Card, Chip, Typography } from '@mui/material';
import { DataTable, DateField, ListBase, Pagination } from 'react-admin';
import { formatMinor } from './format';
import type { TransactionChange } from './types';

/** transactionChanges of one connection, newest first, refetched every 5 s. */
export const RecentChanges = ({ connectionId }: { connectionId: string }) => (
  <ListBase resource="transactionChanges" filter={{ connectionId }} perPage={10} disableSyncWithLocation storeKey={false}
    queryOptions={{ refetchInterval: 5000 }}>
    <Card>
      <Typography variant="h6" component="h2" sx={{ px: 2, pt: 2 }}>Recent changes</Typography>
      <DataTable<TransactionChange> bulkActionButtons={false} rowClick={false} size="small"
        empty={<Typography sx={{ p: 2 }} color="text.secondary">No transaction changes seen yet.</Typography>}>
        <DataTable.Col label="Time" disableSort render={() => <DateField source="occurredAt" showTime />} />
        <DataTable.Col label="Transaction" disableSort render={r => <code>{r.transactionId}</code>} />
        <DataTable.Col label="Kind" source="kind" disableSort />
        <DataTable.Col label="State" disableSort render={r => <Chip size="small" variant="outlined" label={r.state} />} />
        <DataTable.Col label="Amount" disableSort align="right"
          render={r => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMinor(r.amountMinor, r.currency)}</span>} />
        <DataTable.Col label="Source" source="source" disableSort />
      </DataTable>
      <Pagination rowsPerPageOptions={[10, 25, 50]} />
    </Card>
  </ListBase>
);
