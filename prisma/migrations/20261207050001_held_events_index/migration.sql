-- The held events of an integration, in their original order: what a resume queues again, what the
-- pause and delete confirmations count.
CREATE INDEX inbox_events_held_idx ON inbox_events (integration_id, next_attempt_at, received_at) WHERE state = 'paused';
