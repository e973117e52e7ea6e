import { useState } from 'react';
import { Alert, Box, Button, Stack, TextField } from '@mui/material';
import { useAction } from '../flows/useAction';
import { setRate } from './api';

const today = () => new Date().toISOString().slice(0, 10);

/** One rate typed in: 1 `from` = `rate` `to` on `date`; a rate of the same pair and date is replaced. */
export const AddRateForm = ({ onChange }: { onChange: () => void }) => {
  const [form, setForm] = useState({ date: today(), base: '', quote: '', rate: '' });
  const action = useAction();
  const set = (field: keyof typeof form, upper = false) => (e: { target: { value: string } }) =>
    setForm(f => ({ ...f, [field]: upper ? e.target.value.toUpperCase().slice(0, 3) : e.target.value }));
  const add = () => action.run(() => setRate(form), r => {
    onChange();
    setForm(f => ({ ...f, rate: '' }));
    return `1 ${r.base} = ${r.rate} ${r.quote} on ${r.date} saved`;
  });
  return (
    <Box component="form" aria-label="Add a rate" sx={{ p: 2 }} onSubmit={e => { e.preventDefault(); void add(); }}>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <TextField size="small" type="date" label="Date" value={form.date} onChange={set('date')} required slotProps={{ inputLabel: { shrink: true } }} />
        <TextField size="small" label="From" value={form.base} onChange={set('base', true)} required sx={{ width: 110 }} helperText="1 unit of, e.g. EUR" />
        <TextField size="small" label="To" value={form.quote} onChange={set('quote', true)} required sx={{ width: 110 }} helperText="priced in, e.g. USD" />
        <TextField size="small" label="Rate" value={form.rate} onChange={set('rate')} required sx={{ width: 160 }} helperText="decimal, e.g. 1.0845"
          slotProps={{ htmlInput: { inputMode: 'decimal', style: { fontFamily: 'monospace' } } }} />
        <Button type="submit" variant="contained" disabled={action.busy}>Add rate</Button>
      </Stack>
      {action.error && <Alert severity="error" sx={{ mt: 2 }} onClose={action.clearError}>{action.error}</Alert>}
    </Box>
  );
};
