-- Until #11 item 6, resolving a manual review and replaying a dead letter were three transactions
-- each, and a crash between them could leave a review resolved while its event still waits in
-- manual_review, or a letter replayed while its event is still dead: an event stuck with nothing open
-- for a person to act on. Each such event gets its latest review (letter) reopened. (Now that both
-- actions are one transaction, an event in manual_review always has an open review, and a dead one an
-- open letter, so this finds nothing on a database that never ran the old code.)
-- Row-level security is forced on these tables, for their owner too: lifted inside this migration's
-- transaction only, so the repair sees every tenant.
ALTER TABLE inbox_events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE manual_reviews NO FORCE ROW LEVEL SECURITY;
ALTER TABLE dead_letters NO FORCE ROW LEVEL SECURITY;

UPDATE manual_reviews SET resolution = NULL, decision = NULL, resolved_at = NULL, resolved_by = NULL
 WHERE id IN (
   SELECT DISTINCT ON (r.event_id) r.id
     FROM manual_reviews r JOIN inbox_events e ON e.id = r.event_id
    WHERE e.state = 'manual_review'
      AND NOT EXISTS (SELECT 1 FROM manual_reviews o WHERE o.event_id = r.event_id AND o.resolution IS NULL)
    ORDER BY r.event_id, r.created_at DESC, r.id DESC);

UPDATE dead_letters SET replayed_at = NULL, replayed_by = NULL
 WHERE id IN (
   SELECT DISTINCT ON (d.event_id) d.id
     FROM dead_letters d JOIN inbox_events e ON e.id = d.event_id
    WHERE e.state = 'dead'
      AND NOT EXISTS (SELECT 1 FROM dead_letters o WHERE o.event_id = d.event_id AND o.replayed_at IS NULL)
    ORDER BY d.event_id, d.created_at DESC, d.id DESC);

ALTER TABLE inbox_events FORCE ROW LEVEL SECURITY;
ALTER TABLE manual_reviews FORCE ROW LEVEL SECURITY;
ALTER TABLE dead_letters FORCE ROW LEVEL SECURITY;
