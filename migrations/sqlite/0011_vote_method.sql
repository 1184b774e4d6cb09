-- The `method` filter of /api/v1/votes, in the id order of its pages
-- (tests/api/plans.rs holds every filter to an index).
CREATE INDEX vote_event_method ON vote_event (method, id);
