-- A webhook channel's target is a credential (a Slack incoming-webhook URL is a bearer token): it is
-- kept encrypted with the tenant's data key (SecretVault, like every other secret) next to a hint that
-- may be shown (origin and last characters). An email channel's target, an address, stays in the clear.
--
-- SQL cannot encrypt, so webhook rows from before this migration keep their plaintext `target` until
-- the app seals them at start (AlertTargetSealer, finding them through the function below); until
-- then delivery and display fall back to it. Master key rotation needs nothing here: it re-wraps the
-- tenants' data keys, and these ciphertexts stay readable under them.
ALTER TABLE alert_channels
  ALTER COLUMN target DROP NOT NULL,
  ADD COLUMN target_ciphertext text,
  ADD COLUMN target_hint text;

ALTER TABLE alert_channels
  ADD CONSTRAINT alert_channels_target_kept CHECK (
    CASE kind
      WHEN 'email' THEN target IS NOT NULL AND target_ciphertext IS NULL
      ELSE target IS NOT NULL OR target_ciphertext IS NOT NULL
    END),
  -- Sealed means no plaintext left, and something to show instead.
  ADD CONSTRAINT alert_channels_target_sealed CHECK (target_ciphertext IS NULL OR (target IS NULL AND target_hint IS NOT NULL));

-- The sealer's view across tenants: which tenants still have webhook targets in the clear.
CREATE FUNCTION alerts_tenants_with_plain_webhook_targets()
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT DISTINCT tenant_id FROM alert_channels WHERE kind = 'webhook' AND target_ciphertext IS NULL $$;

REVOKE ALL ON FUNCTION alerts_tenants_with_plain_webhook_targets() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION alerts_tenants_with_plain_webhook_targets() TO settle_app;
