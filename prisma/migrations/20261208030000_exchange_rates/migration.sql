-- Exchange rates (#13): each tenant's dated rate table, typed in by hand or imported from an ECB-style
-- CSV, that currency conversion reads. A row says 1 `base` = `rate` `quote` on `rate_date`.
-- The rate is numeric(20,10), never a float: it is written and read as decimal text, so what was
-- typed is what converts (10 digits before the point and 10 after; the app refuses any other).
CREATE TABLE exchange_rates (
  tenant_id    uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  base         char(3) NOT NULL CHECK (base ~ '^[A-Z]{3}$'),
  quote        char(3) NOT NULL CHECK (quote ~ '^[A-Z]{3}$' AND quote <> base),
  rate_date    date NOT NULL,
  rate         numeric(20, 10) NOT NULL CHECK (rate > 0),
  source       text NOT NULL CHECK (source IN ('manual', 'csv')),
  -- The user who last wrote the row (null: an API key; the audit log names it).
  imported_by  uuid,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  updated_at   timestamptz(3) NOT NULL DEFAULT now(),
  -- One rate per pair and day: a second write of the same day replaces it (upsert).
  PRIMARY KEY (tenant_id, base, quote, rate_date)
);
-- The pipeline reads a window of dates for every pair at once (ExchangeRates.tableFor).
CREATE INDEX exchange_rates_tenant_date_idx ON exchange_rates (tenant_id, rate_date);

-- ---- row-level security, as every tenant table ----
ALTER TABLE exchange_rates ENABLE ROW LEVEL SECURITY;
ALTER TABLE exchange_rates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON exchange_rates USING (tenant_id = app_current_tenant())
  WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON exchange_rates TO settle_app;
