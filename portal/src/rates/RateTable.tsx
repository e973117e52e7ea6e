import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ExchangeRate } from './api';

const SOURCES: Record<string, string> = { manual: 'typed in', csv: 'CSV import' };

/** The rates as stored: exact decimal text, never reformatted through a float. */
export const RateTable = ({ rates }: { rates: ExchangeRate[] }) =>
  rates.length === 0 ? <Typography sx={{ p: 2 }} color="text.secondary">No rates match. Add one or import a CSV file.</Typography> : (
    <Table size="small" aria-label="Exchange rates">
      <TableHead>
        <TableRow><TableCell>Date</TableCell><TableCell>From</TableCell><TableCell>To</TableCell><TableCell align="right">Rate</TableCell><TableCell>Source</TableCell></TableRow>
      </TableHead>
      <TableBody>
        {rates.map(r => (
          <TableRow key={`${r.date}-${r.base}-${r.quote}`} data-testid={`rate-${r.date}-${r.base}-${r.quote}`}>
            <TableCell>{r.date}</TableCell>
            <TableCell>{r.base}</TableCell>
            <TableCell>{r.quote}</TableCell>
            <TableCell align="right" sx={{ fontFamily: 'monospace' }}>{r.rate}</TableCell>
            <TableCell>{SOURCES[r.source] ?? r.source}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
