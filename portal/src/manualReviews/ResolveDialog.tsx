import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { Form, type RaRecord, TextInput, required, useDataProvider, useNotify, useRefresh } from 'react-admin';
import { toSubmissionErrors } from '../formErrors';
import type { ReviewDecision, SettleDataProvider } from '../data';
import { Amount } from '../events/Amount';
import { actionFailure } from './actionFailure';
import { payerOf } from './reviewFacts';

const ACTIONS = {
  match_invoice: {
    title: 'Match to an invoice', field: 'invno', label: 'Invoice number', submit: 'Match', done: 'Matched: the payment is being applied',
    help: 'An open Sage Pro invoice; the payment is applied to it.',
  },
  post_on_account: {
    title: 'Post on account', field: 'custno', label: 'Customer number', submit: 'Post on account', done: 'Posting the payment on account',
    help: 'The Sage Pro customer the payment is credited to, as an unapplied payment.',
  },
  reverse_receipt: {
    title: 'Choose the receipt', field: 'receiptReference', label: 'Receipt reference', submit: 'Reverse', done: 'Reversing the chosen receipt',
    help: 'One of the receipts listed in the review (PT…); the money is taken back from it, at most what is left of it.',
  },
} as const;

/**
 * Asks for the invoice or customer number; the API's BAD_USER_INPUT lands on that field. Anything
 * else is a notification: a refusal with its reason (a voided payment has nothing to post), or a
 * CONFLICT when someone resolved the review first, which closes the dialog and refreshes the list.
 */
export const ResolveDialog = ({ review, action, onClose }: {
  review: RaRecord; action: keyof typeof ACTIONS; onClose: () => void;
}) => {
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const a = ACTIONS[action];
  const defaults = action === 'post_on_account' ? { custno: payerOf(review)?.number ?? '' } : action === 'reverse_receipt' ? { receiptReference: firstCandidate(review) } : { invno: '' };

  const submit = async (data: Record<string, unknown>) => {
    const value = String(data[a.field] ?? '').trim();
    const decision: ReviewDecision =
      action === 'match_invoice' ? { action, invno: value } : action === 'reverse_receipt' ? { action, receiptReference: value } : { action, custno: value };
    try {
      await dataProvider.resolveManualReview(review.id, decision);
      notify(a.done, { type: 'success' });
      onClose();
      refresh();
    } catch (e) {
      const { errors, message } = toSubmissionErrors(e, [a.field]);
      if (!message) return errors;
      const failure = actionFailure(e, message);
      notify(failure.message, { type: failure.type });
      if (failure.stale) {
        // Another operator resolved it meanwhile: this dialog's review is gone from the open list.
        onClose();
        refresh();
      }
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth aria-labelledby="resolve-title">
      <Form onSubmit={submit} noValidate defaultValues={defaults}>
        <DialogTitle id="resolve-title">{a.title}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            <Amount minor={review.event.amountMinor} currency={review.event.currency} />
            {review.event.documentNumber ? ` for “${review.event.documentNumber}”` : ''}. {a.help}
          </Typography>
          <TextInput source={a.field} label={a.label} validate={required()} fullWidth autoFocus autoComplete="off" />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained">{a.submit}</Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
};

/** The first receipt a review of a refund lists (`detail.candidates`), to start from. */
function firstCandidate(review: RaRecord): string {
  try {
    return (JSON.parse(review.detail ?? '{}') as { candidates?: { reference?: string }[] }).candidates?.[0]?.reference ?? '';
  } catch {
    return '';
  }
}
