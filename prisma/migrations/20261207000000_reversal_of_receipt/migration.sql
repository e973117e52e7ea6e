-- A reversal effect names the receipt it took money back from, so the next refund or chargeback of
-- the same receipt knows what is left of it: a reversal is capped by the receipt less every earlier
-- reversal, never by the invoice's cash (which other payments of the invoice also hold).
ALTER TABLE sync_effects ADD COLUMN reverses text;

CREATE INDEX sync_effects_reverses ON sync_effects (tenant_id, sagepro_connection_id, reverses) WHERE reverses IS NOT NULL;

-- Reversals recorded before this column: a void reverses its own transaction's receipt, a refund or
-- chargeback the receipt of the original transaction it names. (One found by document number alone
-- cannot be told apart afterwards and stays unnamed.)
UPDATE sync_effects r SET reverses = s.reference
FROM inbox_events i, sync_effects s
WHERE r.kind = 'reversal' AND r.reverses IS NULL AND i.id = r.event_id
  AND s.tenant_id = r.tenant_id AND s.sagepro_connection_id = r.sagepro_connection_id AND s.kind IN ('receipt', 'payment_on_account')
  AND s.payment_key = CASE WHEN i.type = 'payment.voided' THEN i.payment_key ELSE 'pt:' || (i.event->>'originalTransactionId') END;

-- A refund naming no original, on a document with several receipts none of which it matches exactly:
-- a person chooses; Settle never guesses or truncates.
ALTER TYPE review_reason ADD VALUE 'ambiguous_original';
