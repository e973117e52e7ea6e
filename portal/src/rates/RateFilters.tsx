import { useState } from 'react';
import { Box, Button, Stack, TextField } from '@mui/material';
import type { RateFilter } from './api';

export const NO_FILTER: RateFilter = { base: '', quote: '', from: '', to: '' };

const upper = (value: string) => value.toUpperCase().slice(0, 3);

/** Currency and date filters, applied on submit (Enter in any field, or the button). */
export const RateFilters = ({ value, onApply }: { value: RateFilter; onApply: (filter: RateFilter) => void }) => {
  const [draft, setDraft] = useState(value);
  const set = (field: keyof RateFilter) => (e: { target: { value: string } }) =>
    setDraft(d => ({ ...d, [field]: field === 'base' || field === 'quote' ? upper(e.target.value) : e.target.value }));
  return (
    <Box component="form" role="search" aria-label="Filter exchange rates" onSubmit={e => { e.preventDefault(); onApply(draft); }}>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField size="small" label="From currency" value={draft.base} onChange={set('base')} sx={{ width: 140 }} helperText="e.g. EUR" />
        <TextField size="small" label="To currency" value={draft.quote} onChange={set('quote')} sx={{ width: 140 }} helperText="e.g. USD" />
        <TextField size="small" type="date" label="Dated from" value={draft.from} onChange={set('from')} slotProps={{ inputLabel: { shrink: true } }} helperText=" " />
        <TextField size="small" type="date" label="Dated to" value={draft.to} onChange={set('to')} slotProps={{ inputLabel: { shrink: true } }} helperText=" " />
        <Box sx={{ display: 'flex', gap: 1, pb: 2.5 }}>
          <Button type="submit" variant="outlined">Filter</Button>
          <Button onClick={() => { setDraft(NO_FILTER); onApply(NO_FILTER); }}>Clear</Button>
        </Box>
      </Stack>
    </Box>
  );
};
