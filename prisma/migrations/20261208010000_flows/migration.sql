-- Flows (#13): each tenant's dev, qa and prod environments, its flows (one per kind of trigger), the
-- draft each flow is edited in, its immutable numbered versions, which version each environment runs,
-- the append-only history of those deployments, and promotions to prod waiting for a second person.

-- ---- environments: every integration pair belongs to one; the existing ones are production ----
CREATE TYPE deployment_environment AS ENUM ('dev', 'qa', 'prod');
ALTER TABLE integrations ADD COLUMN environment deployment_environment NOT NULL DEFAULT 'prod';
CREATE INDEX integrations_tenant_environment_idx ON integrations (tenant_id, environment);

-- A tenant setting: a promotion to prod is a request another owner or admin approves.
ALTER TABLE tenants ADD COLUMN prod_promotion_needs_approval boolean NOT NULL DEFAULT false;

-- ---- flows ----
CREATE TYPE flow_kind AS ENUM ('payment_sync', 'order_to_cash');

CREATE TABLE flows (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind        flow_kind NOT NULL,
  name        text NOT NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  -- One flow per kind: the tenant's flows are made on first read, concurrently at times.
  UNIQUE (tenant_id, kind)
);

-- What the designer edits: any definition of the right shape, complete or not. `revision` grows by one
-- with each save, so a save based on an older revision is refused instead of overwriting.
CREATE TABLE flow_drafts (
  flow_id     uuid PRIMARY KEY REFERENCES flows(id) ON DELETE CASCADE,
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  definition  jsonb NOT NULL,
  revision    integer NOT NULL DEFAULT 1 CHECK (revision > 0),
  updated_by  uuid,
  updated_at  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX flow_drafts_tenant_idx ON flow_drafts (tenant_id);

-- A published version: numbered 1, 2, … per flow, never changed nor deleted (the trigger below; the
-- app role is granted SELECT and INSERT only). Version 0 is no row: the built-in default flow.
CREATE TABLE flow_versions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  flow_id     uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  number      integer NOT NULL CHECK (number > 0),
  definition  jsonb NOT NULL,
  comment     text NOT NULL DEFAULT '',
  author_id   uuid,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (flow_id, number)
);
CREATE INDEX flow_versions_flow_idx ON flow_versions (flow_id, created_at DESC, id DESC);
CREATE INDEX flow_versions_tenant_idx ON flow_versions (tenant_id);

-- Which version each environment runs; no row: the built-in default flow.
CREATE TABLE flow_deployments (
  flow_id      uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  environment  deployment_environment NOT NULL,
  tenant_id    uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  version_id   uuid NOT NULL REFERENCES flow_versions(id),
  deployed_by  uuid,
  deployed_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (flow_id, environment)
);
CREATE INDEX flow_deployments_tenant_idx ON flow_deployments (tenant_id);

-- Every change of a deployment, append-only (the promotion rules read it: "was it ever in qa?").
-- version_id null: the environment went back to the built-in default flow.
CREATE TABLE flow_deployment_log (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id            uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  flow_id              uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  environment          deployment_environment NOT NULL,
  version_id           uuid REFERENCES flow_versions(id),
  previous_version_id  uuid REFERENCES flow_versions(id),
  -- promoted | approved | rolled_back
  action               text NOT NULL CHECK (action IN ('promoted', 'approved', 'rolled_back')),
  promotion_id         uuid,
  actor_user_id        uuid,
  actor_api_key_id     uuid,
  created_at           timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX flow_deployment_log_flow_idx ON flow_deployment_log (flow_id, environment, created_at DESC, id DESC);
CREATE INDEX flow_deployment_log_tenant_idx ON flow_deployment_log (tenant_id);

-- A promotion to prod waiting for another person (prod_promotion_needs_approval).
CREATE TYPE flow_promotion_status AS ENUM ('pending', 'approved', 'rejected');
CREATE TABLE flow_promotions (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id               uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  flow_id                 uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  version_id              uuid NOT NULL REFERENCES flow_versions(id),
  environment             deployment_environment NOT NULL,
  status                  flow_promotion_status NOT NULL DEFAULT 'pending',
  requested_by            uuid,
  requested_by_api_key_id uuid,
  decided_by              uuid,
  created_at              timestamptz(3) NOT NULL DEFAULT now(),
  decided_at              timestamptz(3)
);
CREATE INDEX flow_promotions_tenant_idx ON flow_promotions (tenant_id, created_at DESC, id DESC);
-- One open request per flow and environment: a second request waits for the first to be decided.
CREATE UNIQUE INDEX flow_promotions_pending_idx ON flow_promotions (flow_id, environment) WHERE status = 'pending';

-- ---- history that never changes: versions and the deployment log ----
-- A row deleted by a cascade (its tenant deleted, as the superuser does) is let through: the trigger
-- then runs inside the cascade's own trigger, one level down.
CREATE FUNCTION flows_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN RETURN OLD; END IF;
  RAISE EXCEPTION '% rows are immutable: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER flow_versions_immutable BEFORE UPDATE OR DELETE ON flow_versions
  FOR EACH ROW EXECUTE FUNCTION flows_refuse_change();
CREATE TRIGGER flow_deployment_log_append_only BEFORE UPDATE OR DELETE ON flow_deployment_log
  FOR EACH ROW EXECUTE FUNCTION flows_refuse_change();

-- ---- row-level security, as every tenant table ----
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['flows', 'flow_drafts', 'flow_versions', 'flow_deployments', 'flow_deployment_log', 'flow_promotions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant()) '
      'WITH CHECK (tenant_id = app_current_tenant())', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON flows, flow_drafts, flow_deployments, flow_promotions TO settle_app;
GRANT SELECT, INSERT ON flow_versions, flow_deployment_log TO settle_app;
