-- Which version of its flow processed an event (its last attempt), and which wrote each Sage Pro
-- effect: version 0 with no id is the built-in default flow, which runs until a tenant deploys one.
-- No foreign key: a version is immutable and never deleted, and the default flow has no row.
ALTER TABLE inbox_events ADD COLUMN flow_version_id uuid, ADD COLUMN flow_version integer;
ALTER TABLE sync_effects ADD COLUMN flow_version_id uuid, ADD COLUMN flow_version integer;

-- A flow's filter step may hold an event for a person instead of ignoring it.
ALTER TYPE review_reason ADD VALUE 'held_by_flow';
