-- Each object's OParl JSON as its own URL serves it, written by the transaction that
-- changes it (store::renderings): a cold read is one look-up by id, a list page one
-- range of ids. One table per type, keyed by the object's id alone (on SQLite the rowid,
-- so that a rendering of a few KB sits in the table's own pages). Ids inside the JSON use
-- a placeholder base URL that the API replaces. Bodies are rendered on each read.
CREATE TABLE legislative_term_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE organization_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE person_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE membership_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE meeting_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE agenda_item_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE paper_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE consultation_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE file_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE location_rendering (
    id BIGINT PRIMARY KEY,
    modified BIGINT NOT NULL,
    json TEXT NOT NULL
);

-- The representation the stored renderings follow (store::renderings::VERSION). A
-- database upgraded from before these tables has no row until `ratsinfo rerender`.
CREATE TABLE rendering_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
