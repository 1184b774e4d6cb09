-- A counter moved by every committed write transaction. The API compares it with the
-- value its cached responses were rendered at, so a fresh cache hit needs no query
-- of the data itself (see api::response_cache).
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
