-- Each object's OParl JSON as its own URL serves it, written by the transaction that
-- changes it (store::renderings): a cold read is one look-up of this table, a list page
-- one range of it. Ids inside use a placeholder base URL that the API replaces.
CREATE TABLE rendering (
    type TEXT NOT NULL,
    id INTEGER NOT NULL,
    modified INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (type, id)
) WITHOUT ROWID;

-- The representation the stored renderings follow (store::renderings::VERSION). A
-- database upgraded from before this table has no row until `ratsinfo rerender`.
CREATE TABLE rendering_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
