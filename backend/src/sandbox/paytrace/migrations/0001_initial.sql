-- PayTrace sandbox state, one row set per sandbox merchant. Card numbers are never stored: only the
-- masked number, brand and expiry; vault customers hold an opaque token instead of the card.

CREATE TABLE paytrace_sandbox.merchants (
  id               bigserial PRIMARY KEY,
  name             text NOT NULL,
  api_username     text NOT NULL UNIQUE,
  password_hash    text NOT NULL,
  integrator_id    text NOT NULL,
  time_zone        text NOT NULL DEFAULT 'America/Los_Angeles',
  notification_url text,
  faults           jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The merchant's sandbox clock runs this far ahead of the server clock (admin "advance clock").
  clock_offset_ms  bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- OAuth access tokens and Protect.js client keys, kept only as SHA-256 hashes.
CREATE TABLE paytrace_sandbox.tokens (
  token_hash  text PRIMARY KEY,
  merchant_id bigint NOT NULL REFERENCES paytrace_sandbox.merchants ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('access', 'client_key')),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX tokens_merchant_idx ON paytrace_sandbox.tokens (merchant_id);

-- Single-use tokens the checkout page gets for a card (Protect.js hpf_token + enc_key).
CREATE TABLE paytrace_sandbox.hpf_tokens (
  hpf_token          uuid PRIMARY KEY,
  merchant_id        bigint NOT NULL REFERENCES paytrace_sandbox.merchants ON DELETE CASCADE,
  enc_key            text NOT NULL,
  card_brand         text NOT NULL,
  masked_card_number text NOT NULL,
  expiration_month   int NOT NULL,
  expiration_year    int NOT NULL,
  csc_provided       boolean NOT NULL,
  expires_at         timestamptz NOT NULL,
  used_at            timestamptz
);
CREATE INDEX hpf_tokens_merchant_idx ON paytrace_sandbox.hpf_tokens (merchant_id);

CREATE TABLE paytrace_sandbox.customers (
  id                   bigserial PRIMARY KEY,
  merchant_id          bigint NOT NULL REFERENCES paytrace_sandbox.merchants ON DELETE CASCADE,
  customer_id          text NOT NULL,
  vault_token          text NOT NULL UNIQUE,
  card_brand           text,
  masked_card_number   text,
  expiration_month     int,
  expiration_year      int,
  check_account_masked text,
  check_routing_number text,
  billing_address      jsonb NOT NULL DEFAULT '{}'::jsonb,
  shipping_address     jsonb NOT NULL DEFAULT '{}'::jsonb,
  email                text NOT NULL DEFAULT '',
  phone                text NOT NULL DEFAULT '',
  fax                  text NOT NULL DEFAULT '',
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  UNIQUE (merchant_id, customer_id)
);

CREATE TABLE paytrace_sandbox.batches (
  merchant_id  bigint NOT NULL REFERENCES paytrace_sandbox.merchants ON DELETE CASCADE,
  batch_number int NOT NULL,
  settled_at   timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, batch_number)
);

-- Card and check transaction ids share one sequence, like PayTrace's large integer ids.
CREATE SEQUENCE paytrace_sandbox.transaction_ids START 100000001;

CREATE TABLE paytrace_sandbox.transactions (
  id                    bigint PRIMARY KEY DEFAULT nextval('paytrace_sandbox.transaction_ids'),
  merchant_id           bigint NOT NULL REFERENCES paytrace_sandbox.merchants ON DELETE CASCADE,
  method                text NOT NULL CHECK (method IN ('card', 'check')),
  kind                  text NOT NULL CHECK (kind IN ('sale', 'authorization', 'hold', 'refund', 'chargeback')),
  approved              boolean NOT NULL,
  amount_cents          bigint NOT NULL,
  authorized_cents      bigint NOT NULL,
  response_code         int NOT NULL,
  approval_code         text NOT NULL DEFAULT '',
  approval_message      text NOT NULL DEFAULT '',
  avs_response          text NOT NULL DEFAULT '',
  csc_response          text NOT NULL DEFAULT '',
  card_brand            text,
  masked_card_number    text,
  expiration_month      int,
  expiration_year       int,
  check_account_masked  text,
  check_routing_number  text,
  customer_id           text NOT NULL DEFAULT '',
  invoice_id            text NOT NULL DEFAULT '',
  description           text NOT NULL DEFAULT '',
  customer_reference_id text NOT NULL DEFAULT '',
  tax_amount_cents      bigint,
  receipt_emailed_to    text NOT NULL DEFAULT '',
  billing_address       jsonb NOT NULL DEFAULT '{}'::jsonb,
  shipping_address      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_through       text NOT NULL,
  created_by            text NOT NULL,
  from_ip               text NOT NULL DEFAULT '',
  created_at            timestamptz NOT NULL,
  captured_at           timestamptz,
  voided_at             timestamptz,
  settled_at            timestamptz,
  batch_number          int,
  parent_id             bigint REFERENCES paytrace_sandbox.transactions,
  recurrence_id         bigint,
  chargeback_reason     text NOT NULL DEFAULT '',
  level_three           jsonb
);
CREATE INDEX transactions_merchant_created_idx ON paytrace_sandbox.transactions (merchant_id, created_at);
CREATE INDEX transactions_parent_idx ON paytrace_sandbox.transactions (parent_id);
CREATE INDEX transactions_batch_idx ON paytrace_sandbox.transactions (merchant_id, batch_number);

CREATE TABLE paytrace_sandbox.recurrences (
  id               bigserial PRIMARY KEY,
  merchant_id      bigint NOT NULL REFERENCES paytrace_sandbox.merchants ON DELETE CASCADE,
  customer_id      text NOT NULL,
  amount_cents     bigint NOT NULL,
  frequency        text NOT NULL,
  start_date       date NOT NULL,
  -- NULL once total_count payments have run.
  next_date        date,
  total_count      int NOT NULL,
  current_count    int NOT NULL DEFAULT 0,
  transaction_type text NOT NULL CHECK (transaction_type IN ('Sale', 'Authorization')),
  description      text NOT NULL DEFAULT '',
  invoice_id       text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL
);
CREATE INDEX recurrences_due_idx ON paytrace_sandbox.recurrences (merchant_id, next_date);
