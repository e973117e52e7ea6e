import { useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Link, useParams } from 'react-router-dom';
import { Title } from 'react-admin';
import { Section } from '../connections/Section';
import { describeError } from '../flows/api';
import { useLoad } from '../flows/useLoad';
import { type Category, CATEGORIES, CATEGORY_LABELS, DIFFERENCES, getReport, listItems, majorText, type ReconciliationItem } from './api';

/** /reconciliation/:id: a report's totals per category and currency, and its items one category at a time. */
export const ReportPage = () => {
  const { id = '' } = useParams();
  const report = useLoad(() => getReport(id), id);
  const [category, setCategory] = useState<Category | null>(null);
  if (report.error) return <Alert severity="error" sx={{ mt: 2 }}>Could not read the report: {describeError(report.error)}</Alert>;
  if (!report.data) return <CircularProgress size={24} sx={{ mt: 2 }} aria-label="Loading the report" />;
  const r = report.data;
  const counts = new Map<Category, number>();
  for (const t of r.totals) counts.set(t.category, (counts.get(t.category) ?? 0) + t.count);
  return (
    <Stack spacing={3} sx={{ mt: 2, mb: 3 }}>
      <Title title="Reconciliation report" />
      <Box>
        <Button component={Link} to="/reconciliation" size="small">← All reports</Button>
        <Typography variant="h5" component="h1">{r.from} – {r.to} ({r.environment})</Typography>
        <Alert severity={r.unexplained ? 'warning' : 'success'} sx={{ mt: 1 }} data-testid="report-verdict">
          {r.unexplained ? `${r.unexplained} of ${r.itemCount} items need a look.` : `All ${r.itemCount} items are matched, pending settlement or explained.`}
        </Alert>
      </Box>
      <Section title="Totals" description="Per category and currency: how many items, what PayTrace moved and what Sage Pro recorded.">
        <Box sx={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
          <Table size="small" aria-label="Totals">
            <TableHead><TableRow><TableCell>Category</TableCell><TableCell>Currency</TableCell><TableCell align="right">Items</TableCell><TableCell align="right">PayTrace</TableCell><TableCell align="right">Sage Pro</TableCell></TableRow></TableHead>
            <TableBody>
              {r.totals.map(t => (
                <TableRow key={`${t.category}:${t.currency}`} data-testid={`total-${t.category}`}>
                  <TableCell>{CATEGORY_LABELS[t.category]}</TableCell><TableCell>{t.currency}</TableCell><TableCell align="right">{t.count}</TableCell>
                  <TableCell align="right">{majorText(t.paytraceMinor, t.currency)}</TableCell><TableCell align="right">{majorText(t.sageMinor, t.currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Section>
      <Section title="Items" description="Each with the sentence that explains it and the records behind it.">
        <Stack direction="row" spacing={1} useFlexGap sx={{ p: 2, flexWrap: 'wrap' }} role="group" aria-label="Show the items of">
          {[null, ...CATEGORIES.filter(c => counts.has(c))].map(c => {
            const shown = category === c;
            return (
              <Chip key={c ?? 'all'} label={c === null ? `All (${r.itemCount})` : `${CATEGORY_LABELS[c]} (${counts.get(c)})`} aria-pressed={shown}
                color={shown ? 'primary' : c !== null && DIFFERENCES.includes(c) ? 'warning' : 'default'} variant={shown ? 'filled' : 'outlined'} onClick={() => setCategory(c)} />
            );
          })}
        </Stack>
        <Items reportId={r.id} category={category} />
      </Section>
    </Stack>
  );
};

const Items = ({ reportId, category }: { reportId: string; category: Category | null }) => {
  const first = useLoad(() => listItems(reportId, category, null), `${reportId} ${category}`);
  const [more, setMore] = useState<{ key: unknown; nodes: ReconciliationItem[]; endCursor: string | null; hasNextPage: boolean } | null>(null);
  const extra = more && more.key === first.data ? more : null;
  const last = extra ?? first.data?.pageInfo;
  const items = first.data ? [...first.data.nodes, ...(extra?.nodes ?? [])] : [];
  const loadMore = () => last?.endCursor && listItems(reportId, category, last.endCursor).then(page =>
    setMore({ key: first.data, nodes: [...(extra?.nodes ?? []), ...page.nodes], endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage }));
  if (first.error) return <Alert severity="error" sx={{ m: 2 }}>{describeError(first.error)}</Alert>;
  if (!first.data) return <CircularProgress size={24} sx={{ m: 2 }} aria-label="Loading items" />;
  return (
    <>
      <Box component="ol" sx={{ m: 0, p: 0, listStyle: 'none' }} aria-label="Reconciliation items">
        {items.map(item => (
          <Box component="li" key={item.position} data-testid="reconciliation-item" sx={{ px: 2, py: 1, borderTop: 1, borderColor: 'divider' }}>
            <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Chip size="small" label={CATEGORY_LABELS[item.category]} color={DIFFERENCES.includes(item.category) ? 'warning' : 'default'} />
              {item.explains && <Typography variant="caption" color="text.secondary">was: {CATEGORY_LABELS[item.explains]}</Typography>}
              {item.fix && <Typography variant="caption" color="text.secondary">fix: {item.fix === 'feed_pipeline' ? 'send it through the pipeline' : 'reverse it, after approval'}</Typography>}
            </Stack>
            <Typography variant="body2" sx={{ mt: 0.5, overflowWrap: 'anywhere' }}>{item.sentence}</Typography>
            <Typography variant="caption" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
              PayTrace {item.records.paytrace.join(', ') || '—'} · Sage Pro {item.records.sage.join(', ') || '—'}
            </Typography>
          </Box>
        ))}
      </Box>
      {items.length === 0 && <Typography sx={{ p: 2 }} color="text.secondary">None.</Typography>}
      {(extra ? extra.hasNextPage : first.data.pageInfo.hasNextPage) && <Box sx={{ p: 1 }}><Button onClick={() => void loadMore()}>Load more</Button></Box>}
    </>
  );
};
