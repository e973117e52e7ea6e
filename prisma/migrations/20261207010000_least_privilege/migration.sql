-- Least privilege (#11).

-- 1. The migration ledger belongs to the migrator: settle_app had it through the foundation's
--    GRANT ... ON ALL TABLES IN SCHEMA public, so a compromised app could have forged or erased the
--    record of what was applied.
REVOKE ALL ON TABLE _settle_migrations FROM settle_app;
REVOKE ALL ON TABLE _settle_migrations FROM PUBLIC;

-- 2. Read-only actors (the viewer role: a read-only member, an API key with only the read scope, a
--    partner granted viewer) write nothing, enforced here and not only by the GraphQL guard: the app
--    sets app.access = 'read' beside app.tenant_id in their transactions (PrismaService.inTenant,
--    inTenantTransaction), and RESTRICTIVE policies refuse INSERT, UPDATE and DELETE on every table
--    with row-level security. Bookkeeping done on their behalf (login, API key last_used_at, audit
--    entries written without a transaction of theirs) runs in an explicit scope with full access.
CREATE FUNCTION app_write_allowed() RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF current_setting('app.access', true) = 'read' THEN
    RAISE EXCEPTION 'permission denied: read-only access (app.access = read)' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN true;
END $$;

-- Idempotent: a table that already has the policies is left alone. Exempt from INSERT only (never
-- from UPDATE or DELETE): audit_log, whose entries record what a read-only actor did, and
-- tenant_data_keys, which the secret vault creates on first use inside the caller's scope.
CREATE FUNCTION app_restrict_read_only(p_table regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE name text := (SELECT relname FROM pg_class WHERE oid = p_table);
BEGIN
  IF EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = p_table AND polname = 'read_only_no_update') THEN RETURN; END IF;
  IF name NOT IN ('audit_log', 'tenant_data_keys') THEN
    EXECUTE format('CREATE POLICY read_only_no_insert ON %s AS RESTRICTIVE FOR INSERT WITH CHECK (app_write_allowed())', p_table);
  END IF;
  EXECUTE format('CREATE POLICY read_only_no_update ON %s AS RESTRICTIVE FOR UPDATE USING (app_write_allowed()) WITH CHECK (app_write_allowed())', p_table);
  EXECUTE format('CREATE POLICY read_only_no_delete ON %s AS RESTRICTIVE FOR DELETE USING (app_write_allowed())', p_table);
END $$;

-- Every table of the public schema with row-level security; the migrator calls it again after each
-- run, so a tenant table added by a later migration gets the same policies.
CREATE FUNCTION app_restrict_read_only_everywhere() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t regclass;
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relrowsecurity LOOP
    PERFORM app_restrict_read_only(t);
  END LOOP;
END $$;

REVOKE ALL ON FUNCTION app_restrict_read_only(regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_restrict_read_only_everywhere() FROM PUBLIC;
SELECT app_restrict_read_only_everywhere();
