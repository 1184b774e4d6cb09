-- The write API (api/write): bearer tokens, stored as the SHA-256 of the 256-bit
-- secret only, and an audit trail of every write made with one.
CREATE TABLE api_token (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    scope    TEXT NOT NULL,
    hash     TEXT NOT NULL UNIQUE,
    created  BIGINT NOT NULL,
    last_used BIGINT,
    revoked  BIGINT
);
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         BIGINT NOT NULL,
    token_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    objects    TEXT NOT NULL,
    detail     TEXT
);
