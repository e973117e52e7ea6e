import { Chip } from '@mui/material';
import type { SageProConnection, SageProEdition } from './types';

const LABELS: Record<SageProEdition, string> = { sandbox: 'Sandbox', sqlserver: 'SQL Server' };
const COLORS = { sandbox: 'info', sqlserver: 'success' } as const;

export const EditionChip = ({ edition }: { edition: SageProEdition }) => (
  <Chip size="small" variant="outlined" color={COLORS[edition] ?? 'default'} label={LABELS[edition] ?? edition} />
);

/** "sql.example.com:1433 · PRO01" for a SQL Server company; the sandbox lives inside Settle. */
export const serverSummary = (c: SageProConnection) =>
  c.edition === 'sandbox' ? 'Built into Settle' : `${c.host ?? '?'}:${c.port ?? 1433} · ${c.companyDatabase ?? '?'}`;
