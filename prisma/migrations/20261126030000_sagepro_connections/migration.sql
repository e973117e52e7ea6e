-- Sage Pro connections: the built-in sandbox company, or a SQL Server edition company whose
-- connection details (host, user, password, ...) are stored encrypted as one JSON secret.

CREATE TYPE sagepro_edition AS ENUM ('sandbox', 'sqlserver');

CREATE TABLE sagepro_connections (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id           uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name                text NOT NULL,
  edition             sagepro_edition NOT NULL,
  company_id          char(2) NOT NULL,
  -- What a person may see: host, port, databases, user (never the password).
  summary             jsonb NOT NULL DEFAULT '{}',
  details_ciphertext  text NOT NULL,
  password_hint       text NOT NULL DEFAULT '',
  -- How Settle records payment status where a Sage Pro user sees it, and the GL accounts it posts to.
  settings            jsonb NOT NULL DEFAULT '{}',
  last_test_result    text,
  last_tested_at      timestamptz(3),
  created_at          timestamptz(3) NOT NULL DEFAULT now(),
  updated_at          timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX sagepro_connections_tenant_id_idx ON sagepro_connections (tenant_id);

ALTER TABLE sagepro_connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE sagepro_connections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sagepro_connections
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON sagepro_connections TO settle_app;
