-- ratsinfo schema: the twelve OParl 1.1 types (System is configuration plus one row).
-- Timestamps are microseconds since the Unix epoch (UTC) in 64-bit integers, so that
-- ordering and comparison are exact and identical on SQLite and PostgreSQL.
-- Every object row carries: origin (stable external key: a foreign URL or an import key;
-- immutable, unique), created, modified, deleted (soft deletion), content_hash (of the
-- last imported content, for idempotent imports) and the common OParl properties.
-- Array-valued string properties (keyword, title, ...) are JSON text.
-- References between objects that are arrays live in the generic `link` table.

CREATE TABLE system (
    id          INTEGER PRIMARY KEY,
    created     BIGINT NOT NULL,
    modified    BIGINT NOT NULL
);

CREATE TABLE body (
    id                  INTEGER PRIMARY KEY,
    origin              TEXT NOT NULL UNIQUE,
    created             BIGINT NOT NULL,
    modified            BIGINT NOT NULL,
    deleted             BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash        TEXT NOT NULL,
    source              TEXT,
    license             TEXT,
    keyword             TEXT,
    web                 TEXT,
    name                TEXT,
    short_name          TEXT,
    website             TEXT,
    license_valid_since TEXT,
    oparl_since         TEXT,
    ags                 TEXT,
    rgs                 TEXT,
    equivalent          TEXT,
    contact_email       TEXT,
    contact_name        TEXT,
    classification      TEXT,
    location_id         BIGINT
);
CREATE INDEX body_deleted_id ON body (deleted, id);
CREATE INDEX body_modified ON body (modified, id);
CREATE INDEX body_created ON body (created, id);
CREATE INDEX body_location ON body (location_id);

CREATE TABLE legislative_term (
    id           INTEGER PRIMARY KEY,
    origin       TEXT NOT NULL UNIQUE,
    body_id      BIGINT NOT NULL REFERENCES body (id),
    created      BIGINT NOT NULL,
    modified     BIGINT NOT NULL,
    deleted      BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash TEXT NOT NULL,
    source       TEXT,
    license      TEXT,
    keyword      TEXT,
    web          TEXT,
    name         TEXT,
    start_date   TEXT,
    end_date     TEXT
);
CREATE INDEX legislative_term_list ON legislative_term (body_id, deleted, id);
CREATE INDEX legislative_term_modified ON legislative_term (body_id, modified, id);
CREATE INDEX legislative_term_created ON legislative_term (body_id, created, id);

CREATE TABLE location (
    id             INTEGER PRIMARY KEY,
    origin         TEXT NOT NULL UNIQUE,
    body_id        BIGINT NOT NULL REFERENCES body (id),
    created        BIGINT NOT NULL,
    modified       BIGINT NOT NULL,
    deleted        BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash   TEXT NOT NULL,
    source         TEXT,
    license        TEXT,
    keyword        TEXT,
    web            TEXT,
    description    TEXT,
    geojson        TEXT,
    street_address TEXT,
    room           TEXT,
    postal_code    TEXT,
    sub_locality   TEXT,
    locality       TEXT
);
CREATE INDEX location_list ON location (body_id, deleted, id);
CREATE INDEX location_modified ON location (body_id, modified, id);
CREATE INDEX location_created ON location (body_id, created, id);

CREATE TABLE organization (
    id                  INTEGER PRIMARY KEY,
    origin              TEXT NOT NULL UNIQUE,
    body_id             BIGINT NOT NULL REFERENCES body (id),
    created             BIGINT NOT NULL,
    modified            BIGINT NOT NULL,
    deleted             BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash        TEXT NOT NULL,
    source              TEXT,
    license             TEXT,
    keyword             TEXT,
    web                 TEXT,
    name                TEXT,
    short_name          TEXT,
    post                TEXT,
    sub_organization_of BIGINT,
    organization_type   TEXT,
    classification      TEXT,
    start_date          TEXT,
    end_date            TEXT,
    website             TEXT,
    location_id         BIGINT REFERENCES location (id),
    external_body       TEXT
);
CREATE INDEX organization_list ON organization (body_id, deleted, id);
CREATE INDEX organization_modified ON organization (body_id, modified, id);
CREATE INDEX organization_created ON organization (body_id, created, id);
CREATE INDEX organization_location ON organization (location_id);

CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    origin          TEXT NOT NULL UNIQUE,
    body_id         BIGINT NOT NULL REFERENCES body (id),
    created         BIGINT NOT NULL,
    modified        BIGINT NOT NULL,
    deleted         BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash    TEXT NOT NULL,
    source          TEXT,
    license         TEXT,
    keyword         TEXT,
    web             TEXT,
    name            TEXT,
    family_name     TEXT,
    given_name      TEXT,
    form_of_address TEXT,
    affix           TEXT,
    title           TEXT,
    gender          TEXT,
    phone           TEXT,
    email           TEXT,
    location_id     BIGINT REFERENCES location (id),
    status          TEXT,
    life            TEXT,
    life_source     TEXT
);
CREATE INDEX person_list ON person (body_id, deleted, id);
CREATE INDEX person_modified ON person (body_id, modified, id);
CREATE INDEX person_created ON person (body_id, created, id);
CREATE INDEX person_location ON person (location_id);

CREATE TABLE membership (
    id              INTEGER PRIMARY KEY,
    origin          TEXT NOT NULL UNIQUE,
    body_id         BIGINT NOT NULL REFERENCES body (id),
    created         BIGINT NOT NULL,
    modified        BIGINT NOT NULL,
    deleted         BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash    TEXT NOT NULL,
    source          TEXT,
    license         TEXT,
    keyword         TEXT,
    web             TEXT,
    person_id       BIGINT NOT NULL REFERENCES person (id),
    organization_id BIGINT REFERENCES organization (id),
    role            TEXT,
    voting_right    BOOLEAN,
    start_date      TEXT,
    end_date        TEXT,
    on_behalf_of    BIGINT REFERENCES organization (id)
);
CREATE INDEX membership_list ON membership (body_id, deleted, id);
CREATE INDEX membership_modified ON membership (body_id, modified, id);
CREATE INDEX membership_created ON membership (body_id, created, id);
CREATE INDEX membership_person ON membership (person_id, id);
CREATE INDEX membership_organization ON membership (organization_id, id);

CREATE TABLE file (
    id                   INTEGER PRIMARY KEY,
    origin               TEXT NOT NULL UNIQUE,
    body_id              BIGINT NOT NULL REFERENCES body (id),
    created              BIGINT NOT NULL,
    modified             BIGINT NOT NULL,
    deleted              BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash         TEXT NOT NULL,
    source               TEXT,
    license              TEXT,
    keyword              TEXT,
    web                  TEXT,
    name                 TEXT,
    file_name            TEXT,
    mime_type            TEXT,
    date                 TEXT,
    size                 BIGINT,
    sha1_checksum        TEXT,
    sha512_checksum      TEXT,
    text                 TEXT,
    access_url           TEXT,
    download_url         TEXT,
    external_service_url TEXT,
    master_file_id       BIGINT,
    file_license         TEXT
);
CREATE INDEX file_list ON file (body_id, deleted, id);
CREATE INDEX file_modified ON file (body_id, modified, id);
CREATE INDEX file_created ON file (body_id, created, id);
CREATE INDEX file_master ON file (master_file_id);

-- The bytes of files that ratsinfo serves itself (for example imported minutes).
CREATE TABLE file_content (
    file_id BIGINT PRIMARY KEY REFERENCES file (id),
    bytes   BLOB NOT NULL
);

CREATE TABLE meeting (
    id                   INTEGER PRIMARY KEY,
    origin               TEXT NOT NULL UNIQUE,
    body_id              BIGINT NOT NULL REFERENCES body (id),
    created              BIGINT NOT NULL,
    modified             BIGINT NOT NULL,
    deleted              BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash         TEXT NOT NULL,
    source               TEXT,
    license              TEXT,
    keyword              TEXT,
    web                  TEXT,
    name                 TEXT,
    meeting_state        TEXT,
    cancelled            BOOLEAN,
    start_at             TEXT,
    end_at               TEXT,
    location_id          BIGINT REFERENCES location (id),
    invitation_id        BIGINT REFERENCES file (id),
    results_protocol_id  BIGINT REFERENCES file (id),
    verbatim_protocol_id BIGINT REFERENCES file (id)
);
CREATE INDEX meeting_list ON meeting (body_id, deleted, id);
CREATE INDEX meeting_modified ON meeting (body_id, modified, id);
CREATE INDEX meeting_created ON meeting (body_id, created, id);
CREATE INDEX meeting_location ON meeting (location_id);
CREATE INDEX meeting_invitation ON meeting (invitation_id);
CREATE INDEX meeting_results_protocol ON meeting (results_protocol_id);
CREATE INDEX meeting_verbatim_protocol ON meeting (verbatim_protocol_id);

CREATE TABLE agenda_item (
    id                 INTEGER PRIMARY KEY,
    origin             TEXT NOT NULL UNIQUE,
    body_id            BIGINT NOT NULL REFERENCES body (id),
    created            BIGINT NOT NULL,
    modified           BIGINT NOT NULL,
    deleted            BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash       TEXT NOT NULL,
    source             TEXT,
    license            TEXT,
    keyword            TEXT,
    web                TEXT,
    meeting_id         BIGINT NOT NULL REFERENCES meeting (id),
    number             TEXT,
    position           BIGINT NOT NULL,
    name               TEXT,
    public             BOOLEAN,
    result             TEXT,
    resolution_text    TEXT,
    resolution_file_id BIGINT REFERENCES file (id),
    start_at           TEXT,
    end_at             TEXT
);
CREATE INDEX agenda_item_list ON agenda_item (body_id, deleted, id);
CREATE INDEX agenda_item_modified ON agenda_item (body_id, modified, id);
CREATE INDEX agenda_item_created ON agenda_item (body_id, created, id);
CREATE INDEX agenda_item_meeting ON agenda_item (meeting_id, position);
CREATE INDEX agenda_item_resolution_file ON agenda_item (resolution_file_id);

CREATE TABLE paper (
    id           INTEGER PRIMARY KEY,
    origin       TEXT NOT NULL UNIQUE,
    body_id      BIGINT NOT NULL REFERENCES body (id),
    created      BIGINT NOT NULL,
    modified     BIGINT NOT NULL,
    deleted      BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash TEXT NOT NULL,
    source       TEXT,
    license      TEXT,
    keyword      TEXT,
    web          TEXT,
    name         TEXT,
    reference    TEXT,
    date         TEXT,
    paper_type   TEXT,
    main_file_id BIGINT REFERENCES file (id)
);
CREATE INDEX paper_list ON paper (body_id, deleted, id);
CREATE INDEX paper_modified ON paper (body_id, modified, id);
CREATE INDEX paper_created ON paper (body_id, created, id);
CREATE INDEX paper_main_file ON paper (main_file_id);
CREATE INDEX paper_reference ON paper (body_id, reference);

CREATE TABLE consultation (
    id             INTEGER PRIMARY KEY,
    origin         TEXT NOT NULL UNIQUE,
    body_id        BIGINT NOT NULL REFERENCES body (id),
    created        BIGINT NOT NULL,
    modified       BIGINT NOT NULL,
    deleted        BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash   TEXT NOT NULL,
    source         TEXT,
    license        TEXT,
    keyword        TEXT,
    web            TEXT,
    paper_id       BIGINT NOT NULL REFERENCES paper (id),
    agenda_item_id BIGINT REFERENCES agenda_item (id),
    meeting_id     BIGINT REFERENCES meeting (id),
    authoritative  BOOLEAN,
    role           TEXT
);
CREATE INDEX consultation_list ON consultation (body_id, deleted, id);
CREATE INDEX consultation_modified ON consultation (body_id, modified, id);
CREATE INDEX consultation_created ON consultation (body_id, created, id);
CREATE INDEX consultation_paper ON consultation (paper_id, id);
CREATE INDEX consultation_agenda_item ON consultation (agenda_item_id, id);
CREATE INDEX consultation_meeting ON consultation (meeting_id);

-- Array-valued references, e.g. Meeting.organization, Paper.relatedPaper,
-- Consultation.organization, Meeting.auxiliaryFile, Paper.location.
-- src_type and property use the OParl names ("Meeting", "organization").
CREATE TABLE link (
    src_type TEXT NOT NULL,
    src_id   BIGINT NOT NULL,
    property TEXT NOT NULL,
    position BIGINT NOT NULL,
    dst_id   BIGINT NOT NULL,
    PRIMARY KEY (src_type, src_id, property, position)
);
CREATE INDEX link_reverse ON link (src_type, property, dst_id, src_id);
