-- Full-text search (store::search). One document per findable object; its id is
-- object id * 8 + a code of its kind. The terms are made by ratsinfo (German stems,
-- folded umlauts) and kept in an FTS5 table; titles and texts are kept here for
-- snippets. Non-public material never gets a document. The FTS5 table keeps its own
-- copy of the terms rather than being contentless with deletes (SQLite 3.43): so the
-- file stays readable by older sqlite3 shells and by Datasette.
CREATE TABLE search_doc (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    object_id  BIGINT NOT NULL,
    body_id    BIGINT NOT NULL,
    day        TEXT,
    paper_type TEXT,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL
);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

-- Organizations and persons a document is filtered by (committee, faction, originator,
-- member, voter).
CREATE TABLE search_ref (
    doc_id   BIGINT NOT NULL,
    ref_kind TEXT NOT NULL,
    ref_id   BIGINT NOT NULL,
    PRIMARY KEY (ref_kind, ref_id, doc_id)
);
CREATE INDEX search_ref_doc ON search_ref (doc_id);

-- Which analysis built the index; another version (or none) means: rebuild on start.
CREATE TABLE search_state (
    id       INTEGER PRIMARY KEY,
    analyzer BIGINT NOT NULL,
    built    BIGINT NOT NULL
);
