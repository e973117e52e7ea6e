import { Typography } from '@mui/material';
import { ArrayField, DataTable, DateField } from 'react-admin';
import { Amount } from './Amount';

const KIND_LABELS: Record<string, string> = {
  receipt: 'Cash receipt', payment_on_account: 'Payment on account', reversal: 'Reversal', payment_status: 'Payment status',
  customer: 'Customer', sales_order: 'Sales order',
};

/** What the event wrote in Sage Pro (Applied), or found already written there (AlreadyApplied). */
export const EffectsTable = () => (
  <ArrayField source="effects">
    <DataTable bulkActionButtons={false} rowClick={false} size="small"
      empty={<Typography sx={{ p: 2 }} color="text.secondary">Nothing written to Sage Pro.</Typography>}>
      <DataTable.Col label="Kind" disableSort render={r => KIND_LABELS[r.kind] ?? r.kind} />
      <DataTable.Col label="Reference" disableSort render={r => <code>{r.reference}</code>} />
      <DataTable.Col label="Invoice" disableSort render={r => r.invno ?? '—'} />
      <DataTable.Col label="Order" disableSort render={r => r.sono ?? '—'} />
      <DataTable.Col label="Customer" disableSort render={r => r.custno ?? '—'} />
      <DataTable.Col label="Amount" disableSort align="right" render={r => <Amount minor={r.amountMinor} currency={r.currency} />} />
      <DataTable.Col label="Write" source="writeOutcome" disableSort />
      <DataTable.Col label="At" disableSort render={() => <DateField source="createdAt" showTime />} />
    </DataTable>
  </ArrayField>
);
