import { useId, useState } from 'react';
import { Alert, Box, Button, FormControlLabel, Radio, RadioGroup, Stack, TextField, Typography } from '@mui/material';
import { useAction } from '../flows/useAction';
import { type ImportMode, importRates, type RateImport, refusedLines } from './api';

/** What an import did, in words: it is all or nothing, so these are all of the file's rates. */
const ImportResult = ({ result }: { result: RateImport }) => (
  <Alert severity="success" role="status" data-testid="import-result">
    Imported {result.rates} {result.rates === 1 ? 'rate' : 'rates'} dated {result.from} to {result.to}: {result.inserted} new, {result.updated} changed,
    {' '}{result.unchanged} already stored{result.deleted ? `, ${result.deleted} deleted` : ''}.
    {result.skippedColumns.length > 0 && (
      <Box component="ul" sx={{ m: 0, pl: 2 }}>
        {result.skippedColumns.map(c => <li key={c.column}>Column {c.column} ({c.code}) skipped: {c.reason}</li>)}
      </Box>
    )}
  </Alert>
);

/** The refused file's lines, one reason each, as the API words them. */
const ImportRefusal = ({ message, onClose }: { message: string; onClose: () => void }) => {
  const { summary, lines } = refusedLines(message);
  return (
    <Alert severity="error" onClose={onClose} data-testid="import-refused">
      {summary}
      {lines.length > 0 && <Box component="ul" sx={{ m: 0, pl: 2 }}>{lines.map(line => <li key={line}>{line}</li>)}</Box>}
    </Alert>
  );
};

/** ECB's wide file (Date,USD,JPY,… against a base) or date,base,quote,rate lines. */
export const ImportRatesForm = ({ onChange }: { onChange: () => void }) => {
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [base, setBase] = useState('EUR');
  const [mode, setMode] = useState<ImportMode>('MERGE');
  const [result, setResult] = useState<RateImport | null>(null);
  const action = useAction();
  const submit = () => action.run(async () => {
    setResult(null);
    if (!file) throw new Error('CSV file: choose a file to import.');
    return importRates(await file.text(), mode, base);
  }, r => { setResult(r); onChange(); });
  return (
    <Box component="form" aria-label="Import a CSV file" sx={{ p: 2 }} onSubmit={e => { e.preventDefault(); void submit(); }}>
      <Stack spacing={2}>
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
          <Box>
            <Typography component="label" htmlFor={fileId} variant="body2" sx={{ display: 'block', mb: 0.5 }}>CSV file</Typography>
            <input id={fileId} type="file" accept=".csv,text/csv,text/plain" onChange={e => { setFile(e.target.files?.[0] ?? null); setResult(null); action.clearError(); }} />
          </Box>
          <TextField size="small" label="Rates against" value={base} sx={{ width: 140 }} helperText="wide files (ECB: EUR)"
            onChange={e => setBase(e.target.value.toUpperCase().slice(0, 3))} />
        </Stack>
        <RadioGroup row aria-label="Import mode" value={mode} onChange={e => setMode(e.target.value as ImportMode)}>
          <FormControlLabel value="MERGE" control={<Radio />} label="Add and replace the file's rates" />
          <FormControlLabel value="REPLACE_RANGE" control={<Radio />} label="Also delete rates of the file's pairs and dates that it leaves out" />
        </RadioGroup>
        <Box><Button type="submit" variant="contained" disabled={action.busy}>Import</Button></Box>
        {result && <ImportResult result={result} />}
        {action.error && <ImportRefusal message={action.error} onClose={action.clearError} />}
      </Stack>
    </Box>
  );
};
