import { Chip, Typography } from '@mui/material';
import { ArrayField, DataTable, DateField, useRecordContext } from 'react-admin';
import { JsonBlock } from './JsonBlock';

const OUTCOME_COLORS = { ok: 'success', error: 'error', skipped: 'default' } as const;

const StepDetail = () => <JsonBlock json={useRecordContext()?.detail} label="Step detail" />;

/** The event's steps in the order they ran (every attempt); a row expands to its detail. */
export const Timeline = () => (
  <ArrayField source="timeline">
    <DataTable bulkActionButtons={false} rowClick="expand" expand={<StepDetail />} size="small"
      empty={<Typography sx={{ p: 2 }} color="text.secondary">No steps yet: the event has not been processed.</Typography>}>
      <DataTable.Col label="#" source="id" disableSort />
      <DataTable.Col label="Step" source="step" disableSort />
      <DataTable.Col label="Outcome" disableSort render={r => (
        <Chip size="small" variant="outlined" label={r.outcome}
          color={OUTCOME_COLORS[r.outcome as keyof typeof OUTCOME_COLORS] ?? 'default'} />
      )} />
      <DataTable.Col label="Attempt" source="attempt" disableSort align="right" />
      <DataTable.Col label="Started" disableSort render={() => <DateField source="startedAt" showTime />} />
      <DataTable.Col label="Duration" disableSort align="right" render={r => `${r.durationMs} ms`} />
      <DataTable.Col label="Rule" disableSort render={r => (r.rule ? <code>{r.rule}</code> : '—')} />
    </DataTable>
  </ArrayField>
);
