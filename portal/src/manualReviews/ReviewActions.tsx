import { useState } from 'react';
import { Box, Button } from '@mui/material';
import { Confirm, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { SettleDataProvider } from '../data';
import { actionFailure } from './actionFailure';
import { ResolveDialog } from './ResolveDialog';

/** Match to invoice / Post on account (a sale), Choose receipt (a refund, void or chargeback): each asks for a number; Dismiss after a confirmation. */
export const ReviewActions = () => {
  const review = useRecordContext();
  const dataProvider = useDataProvider<SettleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState<'match_invoice' | 'post_on_account' | 'reverse_receipt' | 'dismiss' | null>(null);
  const [pending, setPending] = useState(false);
  if (!review || review.resolution) return null;
  // A refund, void or chargeback is placed on the receipt it takes back from; a sale on an invoice or account.
  const reversal = ['payment.refunded', 'payment.voided', 'payment.charged_back'].includes(review.event?.type);

  const dismiss = async () => {
    setPending(true);
    try {
      await dataProvider.resolveManualReview(review.id, { action: 'dismiss' });
      notify('Review dismissed: the payment is left out of Sage Pro', { type: 'success' });
      refresh();
    } catch (e) {
      const failure = actionFailure(e, 'Could not dismiss');
      notify(failure.message, { type: failure.type });
      if (failure.stale) refresh(); // another operator resolved it meanwhile
    } finally {
      setPending(false);
      setOpen(null);
    }
  };

  return (
    <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end', flexWrap: 'wrap' }}>
      {reversal ? (
        <Button size="small" variant="outlined" onClick={() => setOpen('reverse_receipt')}>Choose receipt</Button>
      ) : (
        <>
          <Button size="small" variant="outlined" onClick={() => setOpen('match_invoice')}>Match to invoice</Button>
          <Button size="small" onClick={() => setOpen('post_on_account')}>Post on account</Button>
        </>
      )}
      <Button size="small" color="inherit" onClick={() => setOpen('dismiss')}>Dismiss</Button>
      {(open === 'match_invoice' || open === 'post_on_account' || open === 'reverse_receipt') && (
        <ResolveDialog review={review} action={open} onClose={() => setOpen(null)} />
      )}
      <Confirm isOpen={open === 'dismiss'} loading={pending} onClose={() => setOpen(null)} onConfirm={dismiss}
        title="Dismiss this review?" content="The payment is not recorded in Sage Pro; the event is marked ignored." />
    </Box>
  );
};
