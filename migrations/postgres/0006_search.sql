-- Full-text search (store::search). One document per findable object; its id is
-- object id * 8 + a code of its kind. The terms are made by ratsinfo (German stems,
-- folded umlauts) and stored as a tsvector literal, so that both backends index the
-- same terms at the same positions. Non-public material never gets a document.
CREATE TABLE search_doc (
    id         BIGINT PRIMARY KEY,
    kind       TEXT NOT NULL,
    object_id  BIGINT NOT NULL,
    body_id    BIGINT NOT NULL,
    day        TEXT,
    paper_type TEXT,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    tsv        TSVECTOR NOT NULL
);
CREATE INDEX search_doc_tsv ON search_doc USING GIN (tsv);

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
