-- A tenant setting (#14): the optional re-ranker of mapping suggestions (SUGGEST_LLM_URL) may be sent
-- the sample's values, not only names, paths, formats and Sage Pro's field descriptions. Off until a
-- tenant admin turns it on.
ALTER TABLE tenants ADD COLUMN suggestions_may_send_samples boolean NOT NULL DEFAULT false;
