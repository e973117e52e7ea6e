-- PayTrace connections, their encrypted secrets, and the stream of transaction changes.

-- ---- envelope encryption ----
-- Each tenant has one data key (AES-256). It is stored only wrapped by a master key; rotating the
-- master key adds a row wrapping the same data key under the new master (so a running app that still
-- has the old master keeps working) and a later prune removes the old rows.
CREATE TABLE tenant_data_keys (
  data_key_id   uuid NOT NULL,
  tenant_id     uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  master_key_id text NOT NULL,
  wrapped_key   text NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (data_key_id, master_key_id)
);
CREATE INDEX tenant_data_keys_tenant_id_idx ON tenant_data_keys (tenant_id);

-- One row per master key ever configured: a value encrypted with it, decrypted at start to prove that
-- SETTLE_MASTER_KEY is the key the stored secrets were written with.
CREATE TABLE master_key_canaries (
  master_key_id text PRIMARY KEY,
  ciphertext    text NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now()
);

-- ---- PayTrace connections ----
CREATE TYPE paytrace_environment AS ENUM ('sandbox', 'production', 'custom');

CREATE TABLE paytrace_connections (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id              uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name                   text NOT NULL,
  environment            paytrace_environment NOT NULL,
  base_url               text NOT NULL,
  username               text NOT NULL,
  password_ciphertext    text NOT NULL,
  password_hint          text NOT NULL,
  integrator_id          text NOT NULL,
  time_zone              text NOT NULL DEFAULT 'America/Los_Angeles',
  -- Unguessable id in POST /notifications/paytrace/<id>; rotating it invalidates the old URL.
  notification_endpoint_id text NOT NULL UNIQUE,
  poll_interval_seconds  integer NOT NULL DEFAULT 30 CHECK (poll_interval_seconds BETWEEN 5 AND 3600),
  rate_limit_per_minute  integer NOT NULL DEFAULT 60 CHECK (rate_limit_per_minute BETWEEN 1 AND 6000),
  -- The change feed's cursor: every transaction created before this instant has been seen.
  poll_cursor            timestamptz(3),
  last_poll_at           timestamptz(3),
  last_poll_error        text,
  last_test_result       text,
  last_tested_at         timestamptz(3),
  created_at             timestamptz(3) NOT NULL DEFAULT now(),
  updated_at             timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX paytrace_connections_tenant_id_idx ON paytrace_connections (tenant_id);

-- The last state Settle saw of each PayTrace transaction, so a poll turns only real changes into
-- transaction_changes; `final` ones are no longer looked up by id.
CREATE TABLE paytrace_transactions (
  tenant_id      uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  connection_id  uuid NOT NULL REFERENCES paytrace_connections(id) ON DELETE CASCADE,
  transaction_id bigint NOT NULL,
  state          text NOT NULL,
  final          boolean NOT NULL DEFAULT false,
  created_at_pt  timestamptz(3) NOT NULL,
  last_seen_at   timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, transaction_id)
);
CREATE INDEX paytrace_transactions_open_idx ON paytrace_transactions (connection_id) WHERE NOT final;

-- Every new or changed PayTrace transaction, once: (connection, transaction id, state) is unique,
-- whichever way it arrived (poll, notification, a payment Settle made). The pipeline consumes these.
CREATE TABLE transaction_changes (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  connection_id  uuid NOT NULL REFERENCES paytrace_connections(id) ON DELETE CASCADE,
  change_key     text NOT NULL,
  transaction_id bigint NOT NULL,
  state          text NOT NULL,
  kind           text NOT NULL,
  amount_minor   bigint NOT NULL,
  currency       char(3) NOT NULL DEFAULT 'USD',
  occurred_at    timestamptz(3) NOT NULL,
  source         text NOT NULL,
  transaction    jsonb NOT NULL,
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  consumed_at    timestamptz(3),
  UNIQUE (connection_id, change_key)
);
CREATE INDEX transaction_changes_tenant_created_idx ON transaction_changes (tenant_id, created_at DESC, id);
CREATE INDEX transaction_changes_unconsumed_idx ON transaction_changes (created_at) WHERE consumed_at IS NULL;

-- ---- row-level security ----
ALTER TABLE tenant_data_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_data_keys FORCE ROW LEVEL SECURITY;
ALTER TABLE paytrace_connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE paytrace_connections FORCE ROW LEVEL SECURITY;
ALTER TABLE paytrace_transactions ENABLE ROW LEVEL SECURITY;
ALTER TABLE paytrace_transactions FORCE ROW LEVEL SECURITY;
ALTER TABLE transaction_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE transaction_changes FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON tenant_data_keys
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY tenant_isolation ON paytrace_connections
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY tenant_isolation ON paytrace_transactions
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY tenant_isolation ON transaction_changes
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

-- A notification arrives at an unguessable URL before any tenant is known: this returns only the
-- connection (and its tenant) that the caller already holds the secret id of.
CREATE FUNCTION paytrace_find_notification_endpoint(p_endpoint_id text)
RETURNS TABLE (connection_id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id, tenant_id FROM paytrace_connections WHERE notification_endpoint_id = p_endpoint_id $$;

-- The scheduler lists every connection to poll, across tenants, and nothing else about them.
CREATE FUNCTION paytrace_connections_to_poll()
RETURNS TABLE (connection_id uuid, tenant_id uuid, poll_interval_seconds integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id, tenant_id, poll_interval_seconds FROM paytrace_connections $$;

REVOKE ALL ON FUNCTION paytrace_find_notification_endpoint(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION paytrace_connections_to_poll() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION paytrace_find_notification_endpoint(text) TO settle_app;
GRANT EXECUTE ON FUNCTION paytrace_connections_to_poll() TO settle_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_data_keys, master_key_canaries, paytrace_connections,
  paytrace_transactions, transaction_changes TO settle_app;
