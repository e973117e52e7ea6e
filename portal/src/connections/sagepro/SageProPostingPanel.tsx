import { useState } from 'react';
import { Alert, Box, Button, CircularProgress, Typography } from '@mui/material';
import { Form, SelectInput, useDataProvider, useGetOne, useNotify, useRefresh } from 'react-admin';
import type { SageProChartOfAccounts, SageProGlAccount, SettleDataProvider } from '../../data';
import { toSubmissionErrors } from '../../formErrors';
import { Panel } from '../Panel';
import { Row, helperTextRoom } from '../Row';
import type { SageProConnection, SageProPosting } from './types';

type AccountField = keyof SageProPosting;

/** The accounts Settle posts to, in the words the dead letters and alerts use ("the cash account"). */
const ACCOUNTS: { source: AccountField; name: string; label: string; help: string; required: boolean }[] = [
  { source: 'glCash', name: 'cash', label: 'Cash', help: 'Debited by receipts: the card clearing account PayTrace settles into.', required: true },
  { source: 'glReceivables', name: 'receivables', label: 'Receivables', help: 'Credited by receipts when neither invoice nor customer names an AR account.', required: true },
  { source: 'glDiscounts', name: 'discounts', label: 'Discounts', help: 'Debited with discounts customers take.', required: true },
  { source: 'glRefunds', name: 'refunds', label: 'Refunds', help: 'Credited when a receipt is refunded.', required: true },
  { source: 'glChargebacks', name: 'chargebacks', label: 'Chargebacks', help: 'Credited when a receipt is charged back.', required: true },
  { source: 'glSales', name: 'sales', label: 'Sales (optional)', help: "On order lines Settle creates; empty keeps Sage Pro's default.", required: false },
];
const FIELDS = ACCOUNTS.map(a => a.source);

/** Active accounts of the chart, plus a chosen one the chart no longer lists, so the form shows it. */
export function accountChoices(chart: SageProGlAccount[], chosen: string | null) {
  const choices = chart.filter(a => a.active).map(a => ({ id: a.account, name: `${a.account} — ${a.description}` }));
  if (chosen && !choices.some(c => c.id === chosen)) choices.unshift({ id: chosen, name: `${chosen} (not in the chart)` });
  return choices;
}

/** The accounts a person changed: only those are sent, each checked by the server against the chart. */
export function changedAccounts(values: Record<string, unknown>, posting: SageProPosting): Record<string, string> {
  const input: Record<string, string> = {};
  for (const { source } of ACCOUNTS) {
    const value = typeof values[source] === 'string' ? (values[source] as string).trim() : '';
    if (value && value !== posting[source]) input[source] = value;
  }
  return input;
}

/**
 * Connections → <name> → Posting: the GL accounts Settle posts to, chosen from the company's own chart
 * of accounts (read from Sage Pro). A company has none until they are chosen; until then its payments
 * wait as dead letters naming the missing account, and replaying them afterwards posts them.
 */
export const SageProPostingPanel = ({ connection, canEdit }: { connection: SageProConnection; canEdit: boolean }) => {
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [saving, setSaving] = useState(false);
  const chart = useGetOne<SageProChartOfAccounts>('sageProChartsOfAccounts', { id: connection.id }, { retry: false });
  const posting = connection.posting;
  const missing = ACCOUNTS.filter(a => a.required && !posting[a.source]);

  const save = async (values: Record<string, unknown>) => {
    const input = changedAccounts(values, posting);
    if (!Object.keys(input).length) return undefined;
    setSaving(true);
    try {
      await dataProvider.updateSageProPosting(connection.id, input);
      notify('Posting accounts saved. Replay the dead letters that waited for them.', { type: 'success' });
      refresh();
      return undefined;
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, FIELDS);
      if (message) notify(message, { type: 'error' });
      return errors;
    } finally {
      setSaving(false);
    }
  };

  return (
    <Panel title="Posting">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        The GL accounts Settle posts receipts, refunds and chargebacks to, chosen from this company's chart of accounts.
      </Typography>
      {missing.length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="sagepro-posting-missing">
          Choose the {missing.map(a => a.name).join(', ')} account{missing.length > 1 ? 's' : ''}. Until then this
          connection's payments wait as dead letters; replay them once the accounts are saved.
        </Alert>
      )}
      {chart.isPending && <CircularProgress size={20} aria-label="Reading the chart of accounts" />}
      {chart.error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {(chart.error as Error).message || "Settle could not read the company's chart of accounts."}
        </Alert>
      )}
      {chart.data && (
        <Box sx={helperTextRoom}><Form record={{ id: connection.id, ...posting }} onSubmit={save}>
          {[0, 2, 4].map(at => (
            <Row key={at}>
              {ACCOUNTS.slice(at, at + 2).map(a => (
                <SelectInput key={a.source} source={a.source} label={a.label} helperText={a.help} fullWidth
                  choices={accountChoices(chart.data.accounts, posting[a.source])} readOnly={!canEdit}
                  emptyText="— not chosen —" emptyValue="" />
              ))}
            </Row>
          ))}
          {canEdit && (
            <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
              <Button type="submit" variant="contained" disabled={saving}
                startIcon={saving ? <CircularProgress size={16} color="inherit" /> : undefined}>
                Save posting accounts
              </Button>
            </Box>
          )}
        </Form></Box>
      )}
    </Panel>
  );
};
