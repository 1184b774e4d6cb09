-- Harvesting foreign OParl servers: one row per source system, the cursor of every
-- list of the run in progress (so that an interrupted run resumes), and the objects
-- staged from the source until they are written into the OParl tables.
CREATE TABLE harvest_source (
    id              INTEGER PRIMARY KEY,
    url             TEXT NOT NULL UNIQUE,
    created         BIGINT NOT NULL,
    modified        BIGINT NOT NULL,
    -- Start times of the last completed full run and of the last completed run of
    -- either kind; the next incremental run asks for changes since the latter.
    last_full_sync  BIGINT,
    last_sync       BIGINT,
    -- The run in progress (NULL when none): its number, start, kind and partial report.
    run             BIGINT NOT NULL DEFAULT 0,
    run_started     BIGINT,
    run_full        BOOLEAN NOT NULL DEFAULT FALSE,
    run_report      TEXT,
    -- The report of the last completed run (JSON).
    report          TEXT
);

CREATE TABLE harvest_list (
    source_id  BIGINT NOT NULL REFERENCES harvest_source (id),
    list_url   TEXT NOT NULL,
    body_url   TEXT NOT NULL,
    type       TEXT NOT NULL,
    next_url   TEXT,
    done       BOOLEAN NOT NULL DEFAULT FALSE,
    -- The crawl of this list stopped early (a defect): a full run must not infer
    -- deletions from what it did not see.
    truncated  BOOLEAN NOT NULL DEFAULT FALSE,
    pages      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (source_id, list_url)
);

CREATE TABLE harvest_object (
    source_id   BIGINT NOT NULL REFERENCES harvest_source (id),
    url         TEXT NOT NULL,
    type        TEXT NOT NULL,
    rank        INTEGER NOT NULL,
    body_url    TEXT,
    -- Found in a list (else only fetched because something referenced it).
    listed      BOOLEAN NOT NULL,
    deleted     BOOLEAN NOT NULL DEFAULT FALSE,
    seen_run    BIGINT NOT NULL,
    -- The staged JSON, until written; NULL once applied.
    json        TEXT,
    PRIMARY KEY (source_id, url)
);
CREATE INDEX harvest_object_pending ON harvest_object (source_id, rank, url) WHERE json IS NOT NULL;
CREATE INDEX harvest_object_seen ON harvest_object (source_id, seen_run);
