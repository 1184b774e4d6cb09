-- Feeds and calendars (api/feeds): papers of one type by their last change, and
-- meetings of a body by their start, each without scanning the whole table.
CREATE INDEX paper_type_modified ON paper (paper_type, modified, id);
CREATE INDEX meeting_start ON meeting (body_id, start_at, id);
