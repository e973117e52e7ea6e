-- An event of a paused integration is held (`paused`), no longer ignored: it may carry money, and the
-- inbox deduplicates, so nothing would ever bring an ignored one back. Not due while held (neither the
-- claim nor pipeline_tenants_with_due_events takes it: they look at queued, waiting and expired
-- processing rows only); resuming the integration queues it again in its place.
-- (A new enum value cannot be used in the transaction that adds it: its index is the next migration.)
ALTER TYPE event_state ADD VALUE IF NOT EXISTS 'paused' AFTER 'waiting';
