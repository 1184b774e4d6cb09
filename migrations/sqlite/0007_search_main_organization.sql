-- The organization a search document is counted under in the organization facet
-- (store::search): one column, so that all facets come from one grouped pass over
-- the matches. Filled by the rebuild that the new analysis version triggers.
ALTER TABLE search_doc ADD COLUMN org_id BIGINT;
