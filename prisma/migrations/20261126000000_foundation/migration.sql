-- Foundation: tenants, people, partners, API keys, audit log; row-level security on every tenant table.
-- The application role (settle_app) is created by the migrator before this runs: it is neither
-- superuser nor BYPASSRLS and owns no table, so every policy below applies to it.

CREATE EXTENSION IF NOT EXISTS citext;

-- The tenant (and, for the few user- or partner-scoped reads, the user or partner) a transaction acts
-- for. Set with set_config(..., true) so it ends with the transaction; unset means "no tenant".
CREATE FUNCTION app_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
CREATE FUNCTION app_current_user() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
CREATE FUNCTION app_current_partner() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.partner_id', true), '')::uuid $$;

CREATE TYPE member_role AS ENUM ('owner', 'admin', 'operator', 'viewer');

-- ---- platform tables ----
CREATE TABLE users (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email             citext NOT NULL UNIQUE,
  name              text,
  password_hash     text,
  is_platform_admin boolean NOT NULL DEFAULT false,
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  last_login_at     timestamptz(3)
);

CREATE TABLE partners (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE partner_members (
  partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partner_id, user_id)
);

CREATE TABLE sessions (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  family_id  uuid NOT NULL,
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tenant_id  uuid,
  partner_id uuid,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz(3) NOT NULL,
  rotated_at timestamptz(3),
  revoked_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  ip         text,
  user_agent text
);
CREATE INDEX sessions_family_id_idx ON sessions (family_id);

-- ---- tenant tables ----
CREATE TABLE tenants (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  time_zone     text NOT NULL DEFAULT 'America/Los_Angeles',
  base_currency char(3) NOT NULL DEFAULT 'USD',
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role       member_role NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, user_id)
);

CREATE TABLE invitations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  email       text NOT NULL,
  role        member_role NOT NULL,
  token_hash  text NOT NULL UNIQUE,
  invited_by  uuid NOT NULL REFERENCES users(id),
  expires_at  timestamptz(3) NOT NULL,
  accepted_at timestamptz(3),
  created_at  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX invitations_tenant_id_idx ON invitations (tenant_id);

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name         text NOT NULL,
  prefix       text NOT NULL UNIQUE,
  key_hash     text NOT NULL,
  scopes       text[] NOT NULL,
  created_by   uuid NOT NULL REFERENCES users(id),
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  last_used_at timestamptz(3),
  revoked_at   timestamptz(3)
);
CREATE INDEX api_keys_tenant_id_idx ON api_keys (tenant_id);

CREATE TABLE partner_grants (
  tenant_id  uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  role       member_role NOT NULL,
  granted_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, partner_id)
);

CREATE TABLE audit_log (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid REFERENCES tenants(id) ON DELETE CASCADE,
  actor_user_id    uuid,
  actor_partner_id uuid,
  actor_api_key_id uuid,
  action           text NOT NULL,
  target_type      text,
  target_id        text,
  ip               text,
  request_id       text,
  details          jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_id_created_at_id_idx ON audit_log (tenant_id, created_at DESC, id);

-- ---- row-level security ----
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
ALTER TABLE partner_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_grants FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;

-- A user scope (app.user_id) sees that user's own memberships, and the tenants they belong to, so
-- `me` can list them; a partner scope (app.partner_id) sees the partner's grants and those tenants.
CREATE POLICY tenant_isolation ON memberships
  USING (tenant_id = app_current_tenant() OR user_id = app_current_user())
  WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY tenant_isolation ON partner_grants
  USING (tenant_id = app_current_tenant() OR partner_id = app_current_partner())
  WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY tenant_isolation ON tenants
  USING (
    id = app_current_tenant()
    OR id IN (SELECT tenant_id FROM memberships WHERE user_id = app_current_user())
    OR id IN (SELECT tenant_id FROM partner_grants WHERE partner_id = app_current_partner())
  )
  WITH CHECK (id = app_current_tenant());
CREATE POLICY tenant_isolation ON invitations
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY tenant_isolation ON api_keys
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
-- Platform events (a failed login for an unknown email) carry no tenant and no tenant can read them.
CREATE POLICY tenant_isolation ON audit_log
  USING (tenant_id = app_current_tenant())
  WITH CHECK (tenant_id IS NULL OR tenant_id = app_current_tenant());

-- ---- lookups that must run before the tenant is known ----
-- SECURITY DEFINER runs as the table owner, so these see across tenants; each returns only what
-- authentication needs for one secret the caller already holds.
CREATE FUNCTION auth_find_api_key(p_prefix text)
RETURNS TABLE (id uuid, tenant_id uuid, key_hash text, scopes text[], created_by uuid, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id, tenant_id, key_hash, scopes, created_by, revoked_at FROM api_keys WHERE prefix = p_prefix $$;

CREATE FUNCTION auth_find_invitation(p_token_hash text)
RETURNS TABLE (id uuid, tenant_id uuid, email text, role member_role, expires_at timestamptz, accepted_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id, tenant_id, email, role, expires_at, accepted_at FROM invitations WHERE token_hash = p_token_hash $$;

REVOKE ALL ON FUNCTION auth_find_api_key(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_find_invitation(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_find_api_key(text) TO settle_app;
GRANT EXECUTE ON FUNCTION auth_find_invitation(text) TO settle_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO settle_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO settle_app;
