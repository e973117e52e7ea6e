-- The sync pipeline: integrations (a PayTrace account paired with a Sage Pro company), webhook
-- endpoints, the inbox every event lands in, each event's timeline and Sage Pro effects, dead
-- letters, manual reviews, disputes, and alerts.

-- ---- integrations ----
CREATE TYPE unmatched_payment_policy AS ENUM ('manual_review', 'payment_on_account');

CREATE TABLE integrations (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id               uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name                    text NOT NULL,
  paytrace_connection_id  uuid REFERENCES paytrace_connections(id) ON DELETE CASCADE,
  sagepro_connection_id   uuid NOT NULL REFERENCES sagepro_connections(id) ON DELETE CASCADE,
  -- Which PayTrace field carries the Sage Pro invoice or order number.
  reference_field         text NOT NULL DEFAULT 'invoice_id'
                          CHECK (reference_field IN ('invoice_id', 'customer_reference_id', 'description')),
  unmatched_policy        unmatched_payment_policy NOT NULL DEFAULT 'manual_review',
  -- The customer + amount + date fallback looks this many days either side of the payment.
  match_window_days       integer NOT NULL DEFAULT 7 CHECK (match_window_days BETWEEN 0 AND 90),
  -- Stock location of the sales orders order-to-cash creates (iciloc.loctid).
  order_location          text NOT NULL DEFAULT 'MAIN',
  enabled                 boolean NOT NULL DEFAULT true,
  created_at              timestamptz(3) NOT NULL DEFAULT now(),
  updated_at              timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (paytrace_connection_id)
);
CREATE INDEX integrations_tenant_id_idx ON integrations (tenant_id);

-- ---- webhook endpoints: POST /webhooks/<endpoint_id> ----
CREATE TYPE webhook_format AS ENUM ('shopify_orders', 'settle_events');

CREATE TABLE webhook_endpoints (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id                   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id              uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  -- Unguessable, in the URL; the only thing an unauthenticated sender names.
  endpoint_id                 text NOT NULL UNIQUE,
  format                      webhook_format NOT NULL,
  name                        text NOT NULL,
  secret_ciphertext           text NOT NULL,
  secret_hint                 text NOT NULL,
  -- During a rotation the previous secret verifies too, until it expires.
  previous_secret_ciphertext  text,
  previous_secret_expires_at  timestamptz(3),
  last_delivery_at            timestamptz(3),
  created_at                  timestamptz(3) NOT NULL DEFAULT now(),
  rotated_at                  timestamptz(3)
);
CREATE INDEX webhook_endpoints_tenant_id_idx ON webhook_endpoints (tenant_id);

-- ---- the inbox: every event from every source, once ----
CREATE TYPE event_state AS ENUM ('queued', 'processing', 'waiting', 'done', 'ignored', 'manual_review', 'dead');

CREATE TABLE inbox_events (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id   uuid REFERENCES integrations(id) ON DELETE SET NULL,
  -- paytrace | shopify | partner | settle
  source           text NOT NULL,
  external_id      text NOT NULL,
  -- The normalised type: payment.approved, payment.declined, payment.refunded, payment.voided,
  -- payment.charged_back, payment.settled, order.created.
  type             text NOT NULL,
  -- The payment the event is about ('pt:<transaction id>'), which links a refund to its sale.
  payment_key      text,
  -- The Sage Pro document number the event names (invoice or order), for search.
  document_number  text,
  amount_minor     bigint,
  currency         char(3),
  correlation_id   text NOT NULL,
  -- The event in Settle's normalised form, and the raw delivery; card-like numbers redacted.
  event            jsonb NOT NULL,
  payload          jsonb NOT NULL,
  state            event_state NOT NULL DEFAULT 'queued',
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz(3) NOT NULL DEFAULT now(),
  lease_until      timestamptz(3),
  last_error       text,
  outcome          jsonb,
  occurred_at      timestamptz(3),
  received_at      timestamptz(3) NOT NULL DEFAULT now(),
  completed_at     timestamptz(3),
  UNIQUE (tenant_id, source, external_id)
);
CREATE INDEX inbox_events_tenant_received_idx ON inbox_events (tenant_id, received_at DESC, id);
CREATE INDEX inbox_events_due_idx ON inbox_events (tenant_id, next_attempt_at) WHERE state IN ('queued', 'waiting');
CREATE INDEX inbox_events_leased_idx ON inbox_events (lease_until) WHERE state = 'processing';
CREATE INDEX inbox_events_waiting_idx ON inbox_events (tenant_id, payment_key) WHERE state = 'waiting';
CREATE INDEX inbox_events_payment_idx ON inbox_events (tenant_id, payment_key);

-- Each step an event went through, with its duration, error and the rule that decided it.
CREATE TABLE event_steps (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id     uuid NOT NULL REFERENCES inbox_events(id) ON DELETE CASCADE,
  attempt      integer NOT NULL,
  step         text NOT NULL,
  -- ok | error | skipped
  outcome      text NOT NULL,
  started_at   timestamptz(3) NOT NULL,
  duration_ms  integer NOT NULL,
  rule         text,
  detail       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX event_steps_event_idx ON event_steps (event_id, started_at);

-- What an event did in Sage Pro, recorded in the same transaction as the event's final state. The
-- Sage Pro write itself is idempotent by `reference`, so a retry finds it and records it once.
CREATE TABLE sync_effects (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id              uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id               uuid NOT NULL REFERENCES inbox_events(id) ON DELETE CASCADE,
  sagepro_connection_id  uuid NOT NULL REFERENCES sagepro_connections(id) ON DELETE CASCADE,
  -- receipt | payment_on_account | reversal | payment_status | customer | sales_order
  kind                   text NOT NULL,
  reference              text NOT NULL,
  payment_key            text,
  invno                  text,
  sono                   text,
  custno                 text,
  amount_minor           bigint,
  currency               char(3),
  -- Applied (written now) or AlreadyApplied (found by its reference).
  write_outcome          text NOT NULL,
  records                jsonb NOT NULL DEFAULT '{}',
  created_at             timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (sagepro_connection_id, kind, reference)
);
CREATE INDEX sync_effects_tenant_idx ON sync_effects (tenant_id, created_at DESC);
CREATE INDEX sync_effects_payment_idx ON sync_effects (tenant_id, payment_key);
CREATE INDEX sync_effects_invoice_idx ON sync_effects (sagepro_connection_id, invno) WHERE invno IS NOT NULL;

-- An event that cannot go on by itself: a permanent fault, retries exhausted, or data Sage Pro refuses.
CREATE TABLE dead_letters (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id      uuid NOT NULL REFERENCES inbox_events(id) ON DELETE CASCADE,
  -- permanent | exhausted | validation
  cause         text NOT NULL,
  error_code    text NOT NULL,
  reason        text NOT NULL,
  field         text,
  attempts      integer NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  replayed_at   timestamptz(3),
  replayed_by   uuid
);
CREATE UNIQUE INDEX dead_letters_open_idx ON dead_letters (event_id) WHERE replayed_at IS NULL;
CREATE INDEX dead_letters_tenant_idx ON dead_letters (tenant_id, created_at DESC, id);

-- A payment a person must place: no invoice matched, a possible overpayment, a reversal of an unknown sale.
CREATE TYPE review_reason AS ENUM ('invoice_not_found', 'potential_overpayment', 'original_payment_not_found');

CREATE TABLE manual_reviews (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id     uuid NOT NULL REFERENCES inbox_events(id) ON DELETE CASCADE,
  reason       review_reason NOT NULL,
  detail       jsonb NOT NULL DEFAULT '{}',
  -- null while open; matched | on_account | dismissed
  resolution   text,
  resolved_by  uuid,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  resolved_at  timestamptz(3)
);
CREATE UNIQUE INDEX manual_reviews_open_idx ON manual_reviews (event_id) WHERE resolution IS NULL;
CREATE INDEX manual_reviews_tenant_idx ON manual_reviews (tenant_id, created_at DESC, id);

-- A chargeback as a case finance follows; the receipt reversal is its sync effect.
CREATE TABLE disputes (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id                uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event_id                 uuid NOT NULL UNIQUE REFERENCES inbox_events(id) ON DELETE CASCADE,
  payment_key              text NOT NULL,
  original_payment_key     text,
  invno                    text,
  amount_minor             bigint NOT NULL,
  currency                 char(3) NOT NULL,
  reason                   text NOT NULL DEFAULT '',
  created_at               timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX disputes_tenant_idx ON disputes (tenant_id, created_at DESC);

-- ---- alerts ----
CREATE TYPE alert_channel_kind AS ENUM ('email', 'webhook');
CREATE TYPE alert_rule_kind AS ENUM ('dead_letter', 'failure_rate', 'connection_auth', 'manual_review_waiting',
  'payment_declined', 'chargeback', 'validation_failure');

CREATE TABLE alert_channels (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind               alert_channel_kind NOT NULL,
  name               text NOT NULL,
  -- An email address, or the URL of a Slack-compatible incoming webhook.
  target             text NOT NULL,
  -- Signs webhook deliveries (Standard Webhooks); null for email.
  secret_ciphertext  text,
  enabled            boolean NOT NULL DEFAULT true,
  created_at         timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX alert_channels_tenant_idx ON alert_channels (tenant_id);

CREATE TABLE alert_rules (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind               alert_rule_kind NOT NULL,
  -- failure_rate: over threshold_percent % of events failed in the last window_minutes.
  threshold_percent  integer CHECK (threshold_percent BETWEEN 1 AND 100),
  window_minutes     integer CHECK (window_minutes BETWEEN 1 AND 1440),
  -- manual_review_waiting: a review open longer than this.
  wait_minutes       integer CHECK (wait_minutes BETWEEN 1 AND 10080),
  enabled            boolean NOT NULL DEFAULT true,
  created_at         timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, kind)
);

-- One alert per rule and group, gathering every occurrence until it is delivered.
CREATE TABLE alerts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  rule_id       uuid NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  group_key     text NOT NULL,
  summary       text NOT NULL,
  occurrences   integer NOT NULL DEFAULT 1,
  samples       jsonb NOT NULL DEFAULT '[]',
  first_at      timestamptz(3) NOT NULL DEFAULT now(),
  last_at       timestamptz(3) NOT NULL DEFAULT now(),
  delivered_at  timestamptz(3),
  delivery      jsonb NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX alerts_open_group_idx ON alerts (rule_id, group_key) WHERE delivered_at IS NULL;
CREATE INDEX alerts_tenant_idx ON alerts (tenant_id, first_at DESC, id);

-- ---- row-level security ----
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['integrations', 'webhook_endpoints', 'inbox_events', 'event_steps', 'sync_effects',
    'dead_letters', 'manual_reviews', 'disputes', 'alert_channels', 'alert_rules', 'alerts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
      'WITH CHECK (tenant_id = app_current_tenant())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO settle_app', t);
  END LOOP;
END $$;

-- A delivery names only an endpoint id: this returns that endpoint's tenant and nothing else.
CREATE FUNCTION webhook_find_endpoint(p_endpoint_id text)
RETURNS TABLE (id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id, tenant_id FROM webhook_endpoints WHERE endpoint_id = p_endpoint_id $$;

-- The sweeper's view across tenants: which tenants have events due, or leases that ran out.
CREATE FUNCTION pipeline_tenants_with_due_events(p_now timestamptz)
RETURNS TABLE (tenant_id uuid, due bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT tenant_id, count(*) FROM inbox_events
   WHERE (state IN ('queued', 'waiting') AND next_attempt_at <= p_now) OR (state = 'processing' AND lease_until < p_now)
   GROUP BY tenant_id $$;

-- The alert evaluator's view across tenants: which tenants have rules, and which have alerts to send.
CREATE FUNCTION alerts_tenants_with_rules()
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT DISTINCT tenant_id FROM alert_rules WHERE enabled $$;

REVOKE ALL ON FUNCTION webhook_find_endpoint(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION pipeline_tenants_with_due_events(timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION alerts_tenants_with_rules() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_find_endpoint(text) TO settle_app;
GRANT EXECUTE ON FUNCTION pipeline_tenants_with_due_events(timestamptz) TO settle_app;
GRANT EXECUTE ON FUNCTION alerts_tenants_with_rules() TO settle_app;
