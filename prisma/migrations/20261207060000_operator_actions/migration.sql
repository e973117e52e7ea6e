-- What a person decided in a manual review (action and target, e.g. {"action":"match_invoice","invno":"1042"}),
-- so the same resolution asked again (a retried request, a double click) is recognised and answered as
-- the first time, and a different one is a conflict naming what was done.
ALTER TABLE manual_reviews ADD COLUMN decision jsonb;

-- Refunds and chargebacks found by the sale they name, for the history a review is resolved against
-- ("was this payment refunded in full?"); the void of a sale shares its payment_key, already indexed.
CREATE INDEX inbox_events_original_transaction_idx ON inbox_events (tenant_id, (event ->> 'originalTransactionId'))
  WHERE type IN ('payment.refunded', 'payment.charged_back');
