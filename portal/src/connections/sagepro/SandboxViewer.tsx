import { useMemo, useState } from 'react';
import {
  Alert, Box, Card, CircularProgress, Tab, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tabs, Typography,
} from '@mui/material';
import { useGetOne } from 'react-admin';
import { SAGEPRO_VIEWS, type SageProView, type SageProViewTable } from '../../data';
import { VIEW_LABELS, viewColumns } from './viewColumns';
import type { SageProConnection } from './types';

/** Rows per table: the newest receipts and distributions come first, so 200 is plenty to watch them land. */
const LIMIT = 200;
const REFRESH_MS = 5000;

const ViewTable = ({ table, view }: { table: SageProViewTable; view: SageProView }) => {
  const columns = useMemo(() => viewColumns(table.columns), [table.columns]);
  // width 0 + min-width 100%: the table scrolls inside the card instead of widening the whole page.
  return (
    <TableContainer sx={{ maxHeight: 560, width: 0, minWidth: '100%' }}>
      <Table size="small" stickyHeader data-testid="sagepro-view" data-view={view} aria-label={VIEW_LABELS[view]}>
        {columns.length > 0 && (
          <TableHead>
            <TableRow>
              {columns.map(c => (
                <TableCell key={c.name} align={c.align} title={c.name} sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>{c.label}</TableCell>
              ))}
            </TableRow>
          </TableHead>
        )}
        <TableBody>
          {table.rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={Math.max(columns.length, 1)} sx={{ color: 'text.secondary', py: 3 }}>
                Nothing in this table yet.
              </TableCell>
            </TableRow>
          )}
          {table.rows.map((row, i) => (
            <TableRow key={i} hover>
              {columns.map((c, j) => (
                <TableCell key={c.name} align={c.align}
                  sx={{ whiteSpace: 'nowrap', ...(c.align === 'right' ? { fontVariantNumeric: 'tabular-nums' } : {}) }}>
                  {c.format(row[j] ?? '', row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/**
 * "Sandbox company": the built-in sandbox company's tables, read-only (sageProSandboxView), refetched
 * every 5 s so that a person can watch Settle's receipts and GL distributions land.
 */
export const SandboxViewer = ({ connection }: { connection: SageProConnection }) => {
  const [view, setView] = useState<SageProView>('customers');
  const { data, error, isPending, isFetching, dataUpdatedAt } = useGetOne<SageProViewTable>(
    'sageProSandboxViews',
    { id: `${connection.id}/${view}`, meta: { connectionId: connection.id, view, limit: LIMIT } },
    { refetchInterval: REFRESH_MS, retry: false },
  );

  return (
    <Card component="section" aria-label="Sandbox company">
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2, flexWrap: 'wrap', px: 2, pt: 2 }}>
        <Box sx={{ flex: '1 1 320px' }}>
          <Typography variant="h6" component="h2">Sandbox company</Typography>
          <Typography variant="body2" color="text.secondary">
            Company {connection.companyId} of the built-in Sage Pro sandbox, read-only. Refreshed every 5 seconds, so
            receipts show up here as Settle records them.
          </Typography>
        </Box>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minHeight: 32 }} aria-live="off">
          {isFetching && <CircularProgress size={14} aria-label="Refreshing" />}
          {dataUpdatedAt > 0 && (
            <Typography variant="body2" color="text.secondary">
              {data ? `${data.rows.length === LIMIT ? `First ${LIMIT}` : data.rows.length} row${data.rows.length === 1 ? '' : 's'} · ` : ''}
              updated {new Date(dataUpdatedAt).toLocaleTimeString()}
            </Typography>
          )}
        </Box>
      </Box>
      <Tabs value={view} onChange={(_, v: SageProView) => setView(v)} variant="scrollable" scrollButtons="auto"
        aria-label="Sandbox company tables" sx={{ px: 1, borderBottom: 1, borderColor: 'divider' }}>
        {SAGEPRO_VIEWS.map(v => <Tab key={v} value={v} label={VIEW_LABELS[v]} />)}
      </Tabs>
      {error && !data && (
        <Alert severity="error" sx={{ m: 2 }}>
          Could not read {VIEW_LABELS[view].toLowerCase()}: {error instanceof Error ? error.message : String(error)}
        </Alert>
      )}
      {error && data && (
        <Alert severity="warning" sx={{ m: 2 }}>
          Showing the rows read last; refreshing failed: {error instanceof Error ? error.message : String(error)}
        </Alert>
      )}
      {isPending && !error && (
        <Box sx={{ display: 'flex', justifyContent: 'center', p: 4 }}><CircularProgress size={24} /></Box>
      )}
      {data && <ViewTable table={data} view={view} />}
    </Card>
  );
};
