-- Operable at volume: the inbox backlog as metrics across tenants, and retention of finished events'
-- payloads and timelines (the inbox row, its idempotency key, state and outcome stay).

-- An event whose raw payload, normalised event and timeline steps were pruned (see
-- backend/src/pipeline/retention). Only a finished event is ever pruned, and a pruned one is never
-- worked again: its event is a tombstone, so putting it back in the pipeline must fail loudly.
-- NOT VALID: the new column is null in every existing row, so there is nothing to scan for.
ALTER TABLE inbox_events ADD COLUMN pruned_at timestamptz(3);
ALTER TABLE inbox_events ADD CONSTRAINT inbox_events_pruned_finished
  CHECK (pruned_at IS NULL OR state IN ('done', 'ignored')) NOT VALID;

-- The backlog: every unfinished event (any state but done and ignored, so a new state counts by
-- default). Small next to the table; the metrics read it alone (index-only scans).
CREATE INDEX inbox_events_unfinished_idx ON inbox_events (tenant_id, received_at) INCLUDE (state)
  WHERE state NOT IN ('done', 'ignored');

-- What retention has left to prune, oldest first. A dismissed review is `ignored` without a
-- completed_at, so its age counts from its arrival.
CREATE INDEX inbox_events_prunable_idx ON inbox_events ((coalesce(completed_at, received_at)))
  WHERE state IN ('done', 'ignored') AND pruned_at IS NULL;

-- The metrics' view across tenants (row-level security hides other tenants from settle_app): the
-- backlog by state, every unfinished state listed even at zero, so a drained state reads 0.
CREATE FUNCTION pipeline_inbox_backlog()
RETURNS TABLE (state text, events bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT s.state::text, coalesce(c.events, 0)
   FROM unnest(enum_range(NULL::event_state)) AS s(state)
   LEFT JOIN (SELECT e.state, count(*) AS events FROM inbox_events e WHERE e.state NOT IN ('done', 'ignored') GROUP BY e.state) c
     ON c.state = s.state
   WHERE s.state NOT IN ('done', 'ignored')
   ORDER BY 1 $$;

-- The `p_limit` tenants whose oldest unfinished event is oldest, with its age in seconds: one probe
-- of inbox_events_unfinished_idx per tenant.
CREATE FUNCTION pipeline_oldest_unfinished_events(p_limit integer)
RETURNS TABLE (tenant_id uuid, age_seconds double precision)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT t.id, extract(epoch FROM now() - o.received_at)::double precision
   FROM tenants t
   CROSS JOIN LATERAL (
     SELECT e.received_at FROM inbox_events e
     WHERE e.tenant_id = t.id AND e.state NOT IN ('done', 'ignored')
     ORDER BY e.received_at LIMIT 1) o
   ORDER BY o.received_at, t.id
   LIMIT p_limit $$;

-- Retention, one batch: up to `p_limit` events finished before `p_before` lose their raw payload, their
-- normalised event and their timeline steps. The tombstone keeps the type and the event's ids (the ids
-- the inbox never redacts): a payment's history still finds a pruned refund by its original's id. Rows another transaction
-- holds are skipped (the next run takes them); NO KEY UPDATE lets steps and effects still reference
-- them meanwhile. Returns how many it pruned: fewer than `p_limit` means nothing is left.
CREATE FUNCTION pipeline_prune_finished_events(p_before timestamptz, p_limit integer)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS
$$
DECLARE
  ids uuid[];
BEGIN
  SELECT coalesce(array_agg(id), '{}') INTO ids FROM (
    SELECT id FROM inbox_events
    WHERE state IN ('done', 'ignored') AND pruned_at IS NULL AND coalesce(completed_at, received_at) < p_before
    ORDER BY coalesce(completed_at, received_at)
    LIMIT p_limit
    FOR NO KEY UPDATE SKIP LOCKED) picked;
  IF cardinality(ids) = 0 THEN
    RETURN 0;
  END IF;
  DELETE FROM event_steps WHERE event_id = ANY (ids);
  UPDATE inbox_events e
     SET event = jsonb_build_object('pruned', true, 'type', e.type) || jsonb_strip_nulls(jsonb_build_object(
           'transactionId', e.event -> 'transactionId', 'originalTransactionId', e.event -> 'originalTransactionId',
           'orderId', e.event -> 'orderId', 'paymentTransactionId', e.event -> 'paymentTransactionId')),
         payload = '{"pruned": true}', pruned_at = now()
   WHERE e.id = ANY (ids);
  RETURN cardinality(ids);
END
$$;

REVOKE ALL ON FUNCTION pipeline_inbox_backlog() FROM PUBLIC;
REVOKE ALL ON FUNCTION pipeline_oldest_unfinished_events(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION pipeline_prune_finished_events(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pipeline_inbox_backlog() TO settle_app;
GRANT EXECUTE ON FUNCTION pipeline_oldest_unfinished_events(integer) TO settle_app;
GRANT EXECUTE ON FUNCTION pipeline_prune_finished_events(timestamptz, integer) TO settle_app;
