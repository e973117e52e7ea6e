import { useState } from 'react';
import { Alert, Box, Button, CircularProgress, Stack, Typography } from '@mui/material';
import { Title, usePermissions } from 'react-admin';
import { isAdminRole } from '../authProvider';
import { Section } from '../connections/Section';
import { describeError } from '../flows/api';
import { useLoad } from '../flows/useLoad';
import { AddRateForm } from './AddRateForm';
import { type ExchangeRate, listRates, type RateFilter } from './api';
import { ImportRatesForm } from './ImportRatesForm';
import { NO_FILTER, RateFilters } from './RateFilters';
import { RateTable } from './RateTable';

/** The first page for the filter, reloaded after each write; "Load more" appends the next pages. */
function useRates(filter: RateFilter) {
  const first = useLoad(() => listRates(filter, null), JSON.stringify(filter));
  const [more, setMore] = useState<{ key: unknown; nodes: ExchangeRate[]; endCursor: string | null; hasNextPage: boolean } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  // Pages loaded after an older first page belong to it, not to this one.
  const extra = more && more.key === first.data ? more : null;
  const last = extra ?? first.data;
  const loadMore = () => last?.endCursor && listRates(filter, last.endCursor).then(
    page => setMore({ key: first.data, nodes: [...(extra?.nodes ?? []), ...page.nodes], endCursor: page.endCursor, hasNextPage: page.hasNextPage }),
    (e: unknown) => setMoreError(describeError(e)),
  );
  const rates = first.data ? [...first.data.nodes, ...(extra?.nodes ?? [])] : undefined;
  return { rates, hasMore: !!last?.hasNextPage, loadMore, error: first.error, moreError, loading: first.loading, reload: first.reload };
}

/** /rates: the tenant's dated exchange-rate table, which currency conversion reads; admins add rates and import CSV files. */
export const RatesPage = () => {
  const { permissions } = usePermissions();
  const canEdit = isAdminRole(permissions);
  const [filter, setFilter] = useState<RateFilter>(NO_FILTER);
  const { rates, hasMore, loadMore, error, moreError, loading, reload } = useRates(filter);
  return (
    <Stack spacing={4} sx={{ mt: 2, mb: 3 }}>
      <Title title="Exchange rates" />
      <Box>
        <Typography variant="h5" component="h1">Exchange rates</Typography>
        <Typography variant="body2" color="text.secondary">
          A payment converted into an invoice's currency takes the rate of its transaction date (or the latest at most 4 days earlier); with none, it becomes a no_rate dead letter.
        </Typography>
      </Box>
      <Section title="Rates" description="1 unit of From is Rate units of To on the date. Newest first.">
        <Box sx={{ p: 2, pb: 0 }}><RateFilters value={filter} onApply={setFilter} /></Box>
        {error ? <Alert severity="error" sx={{ m: 2 }}>Could not read the rates: {describeError(error)}</Alert> : null}
        {loading && !rates ? <CircularProgress size={24} sx={{ m: 2 }} aria-label="Loading rates" /> : null}
        {rates && <RateTable rates={rates} />}
        {moreError && <Alert severity="error" sx={{ m: 2 }}>{moreError}</Alert>}
        {hasMore && <Box sx={{ p: 1 }}><Button onClick={() => void loadMore()}>Load more</Button></Box>}
      </Section>
      {canEdit && (
        <>
          <Section title="Add a rate" description="A rate of the same pair and date is replaced.">
            <AddRateForm onChange={reload} />
          </Section>
          <Section title="Import a CSV file" description="ECB's file (Date,USD,JPY,… one row per day, N/A cells skipped) or date,base,quote,rate lines. All or nothing: a file with a wrong line is refused whole.">
            <ImportRatesForm onChange={reload} />
          </Section>
        </>
      )}
    </Stack>
  );
};
