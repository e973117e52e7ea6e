-- Mapping decisions (#14): what people accepted or rejected in the field mapper, so later suggestions
-- rank by it. Two tables:
--  * mapping_decisions: one row per decision of a tenant, under row-level security like every tenant
--    table (a tenant's own priors come first);
--  * mapping_decision_totals: how many tenants made each decision, per (source format, source path,
--    Sage Pro column). No tenant_id, no value, counts only: a fresh tenant's cold ranking
--    borrows from it. settle_app may only read it; it changes only through
--    add_mapping_decision_total(), a SECURITY DEFINER function called in the transaction that inserts
--    the tenant's row, so the two never disagree and no tenant can read another's rows.
CREATE TABLE mapping_decisions (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id              uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  flow_id                uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  -- The source format the suggestion was made for ('paytrace-export', 'shopify-order', …).
  format                 text NOT NULL CHECK (format ~ '^[a-z][a-z0-9-]{0,59}$'),
  -- The flow's target record and field ('cash_receipt', 'invno') and the Sage Pro column ('arcash.invno').
  record                 text NOT NULL,
  field                  text NOT NULL,
  target                 text NOT NULL CHECK (target ~ '^[a-z]+\.[a-z0-9_]+$'),
  -- A source path in mapping notation ('line_items[].sku'); never a value.
  path                   text NOT NULL CHECK (length(path) BETWEEN 1 AND 400),
  decision               text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  decided_by             uuid,
  decided_by_api_key_id  uuid,
  decided_at             timestamptz(3) NOT NULL DEFAULT now()
);
-- Priors are read per tenant and format; a double click is found by the same decision just before.
CREATE INDEX mapping_decisions_tenant_format_idx ON mapping_decisions (tenant_id, format);
CREATE INDEX mapping_decisions_flow_idx ON mapping_decisions (flow_id, record, field, path, decision, decided_at DESC);

ALTER TABLE mapping_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE mapping_decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON mapping_decisions USING (tenant_id = app_current_tenant())
  WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT ON mapping_decisions TO settle_app;
REVOKE UPDATE, DELETE ON mapping_decisions FROM settle_app;

CREATE TABLE mapping_decision_totals (
  format    text NOT NULL CHECK (format ~ '^[a-z][a-z0-9-]{0,59}$'),
  path      text NOT NULL CHECK (length(path) BETWEEN 1 AND 400),
  target    text NOT NULL CHECK (target ~ '^[a-z]+\.[a-z0-9_]+$'),
  accepted  integer NOT NULL DEFAULT 0 CHECK (accepted >= 0),
  rejected  integer NOT NULL DEFAULT 0 CHECK (rejected >= 0),
  PRIMARY KEY (format, path, target)
);
REVOKE ALL ON mapping_decision_totals FROM settle_app;
GRANT SELECT ON mapping_decision_totals TO settle_app;

-- Counts one decision into the all-tenants totals. Runs as the table owner; only inside a tenant's
-- transaction (app.tenant_id set), and it takes nothing that could identify the tenant.
CREATE FUNCTION add_mapping_decision_total(p_format text, p_path text, p_target text, p_decision text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF app_current_tenant() IS NULL THEN
    RAISE EXCEPTION 'a mapping decision is counted in a tenant''s transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_decision NOT IN ('accepted', 'rejected') THEN
    RAISE EXCEPTION 'decision must be accepted or rejected' USING ERRCODE = 'check_violation';
  END IF;
  PERFORM app_write_allowed();
  -- Each tenant counts once per (format, path, column, decision), however often it repeats it: one
  -- tenant cannot outweigh what the others decided (a fresh tenant borrows their judgement). Called
  -- after the tenant's row is inserted, so a second row of the same decision means it was counted;
  -- the lock makes two of the tenant's transactions at once agree.
  PERFORM pg_advisory_xact_lock(hashtext('mapping-total:' || app_current_tenant()::text || ':' || p_format || ':' || p_path || ':' || p_target || ':' || p_decision));
  IF (SELECT count(*) FROM mapping_decisions
       WHERE tenant_id = app_current_tenant() AND format = p_format AND path = p_path AND target = p_target AND decision = p_decision) > 1 THEN
    RETURN;
  END IF;
  INSERT INTO mapping_decision_totals AS t (format, path, target, accepted, rejected)
  VALUES (p_format, p_path, p_target, (p_decision = 'accepted')::int, (p_decision = 'rejected')::int)
  ON CONFLICT (format, path, target) DO UPDATE
    SET accepted = t.accepted + EXCLUDED.accepted, rejected = t.rejected + EXCLUDED.rejected;
END $$;
REVOKE ALL ON FUNCTION add_mapping_decision_total(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION add_mapping_decision_total(text, text, text, text) TO settle_app;
