-- Reconciliation reports (#15): one run of one integration pair over a range of the tenant's days,
-- and every item it classified (reconciliation/matching/records.ts). A report is written once, when
-- its run ends; its items never change afterwards (a fix is a new run's business).
CREATE TABLE reconciliation_reports (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  integration_id  uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  environment     deployment_environment NOT NULL,
  range_from      date NOT NULL,
  range_to        date NOT NULL CHECK (range_to >= range_from),
  -- The user who asked (null: an API key or the schedule).
  started_by      uuid,
  started_at      timestamptz(3) NOT NULL,
  finished_at     timestamptz(3) NOT NULL DEFAULT now(),
  item_count      integer NOT NULL CHECK (item_count >= 0),
  -- Items that need a person: the categories of DIFFERENCES.
  unexplained     integer NOT NULL CHECK (unexplained >= 0),
  -- Per category and currency: [{category, currency, count, paytraceMinor, sageMinor}].
  totals          jsonb NOT NULL
);
CREATE INDEX reconciliation_reports_tenant_idx ON reconciliation_reports (tenant_id, finished_at DESC, id);

CREATE TABLE reconciliation_items (
  report_id       uuid NOT NULL REFERENCES reconciliation_reports(id) ON DELETE CASCADE,
  -- The report's own order (reconcile sorts its items).
  position        integer NOT NULL,
  tenant_id       uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  category        text NOT NULL CHECK (category IN ('matched', 'amount_mismatch', 'missing_in_sage', 'not_in_paytrace', 'duplicate_receipt', 'reversal_still_standing', 'pending_settlement', 'explained')),
  transaction_id  text,
  reference       text,
  paytrace_minor  bigint,
  sage_minor      bigint,
  currency        char(3) NOT NULL,
  sentence        text NOT NULL,
  -- {paytrace: [transaction ids], sage: ['arcash:1042', …]}
  records         jsonb NOT NULL,
  fix             text CHECK (fix IN ('feed_pipeline', 'propose_reversal')),
  explains        text,
  PRIMARY KEY (report_id, position)
);
CREATE INDEX reconciliation_items_category_idx ON reconciliation_items (report_id, category, position);

-- ---- row-level security, as every tenant table ----
ALTER TABLE reconciliation_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE reconciliation_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON reconciliation_reports USING (tenant_id = app_current_tenant())
  WITH CHECK (tenant_id = app_current_tenant());
ALTER TABLE reconciliation_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE reconciliation_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON reconciliation_items USING (tenant_id = app_current_tenant())
  WITH CHECK (tenant_id = app_current_tenant());
-- Written once, read after: no UPDATE; DELETE goes with the tenant or its integration.
GRANT SELECT, INSERT ON reconciliation_reports, reconciliation_items TO settle_app;
