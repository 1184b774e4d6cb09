-- Votes: one VoteEvent per decision, with the positions of factions and persons.
-- Counts are NULL where the minutes do not state them.
CREATE TABLE vote_event (
    id              INTEGER PRIMARY KEY,
    origin          TEXT NOT NULL UNIQUE,
    body_id         BIGINT NOT NULL REFERENCES body (id),
    created         BIGINT NOT NULL,
    modified        BIGINT NOT NULL,
    deleted         BOOLEAN NOT NULL DEFAULT FALSE,
    content_hash    TEXT NOT NULL,
    source          TEXT,
    agenda_item_id  BIGINT REFERENCES agenda_item (id),
    meeting_id      BIGINT REFERENCES meeting (id),
    organization_id BIGINT REFERENCES organization (id),
    date            TEXT,
    question        TEXT,
    result_text     TEXT,
    outcome         TEXT NOT NULL,
    method          TEXT NOT NULL,
    yes             BIGINT,
    no              BIGINT,
    abstain         BIGINT,
    absent          BIGINT
);
CREATE INDEX vote_event_list ON vote_event (body_id, deleted, id);
CREATE INDEX vote_event_modified ON vote_event (body_id, modified, id);
CREATE INDEX vote_event_agenda_item ON vote_event (agenda_item_id);
CREATE INDEX vote_event_meeting ON vote_event (meeting_id, id);
CREATE INDEX vote_event_organization ON vote_event (organization_id, date, id);
CREATE INDEX vote_event_date ON vote_event (date, id);
CREATE INDEX vote_event_outcome ON vote_event (outcome, id);

-- basis: "stated" (the minutes name the faction), "unanimous" (everyone present voted
-- yes), "implied" (the minutes name only the others, e.g. "gegen die Stimmen der X").
CREATE TABLE faction_position (
    vote_event_id   BIGINT NOT NULL REFERENCES vote_event (id),
    organization_id BIGINT NOT NULL REFERENCES organization (id),
    position        TEXT NOT NULL,
    count           BIGINT,
    basis           TEXT NOT NULL,
    PRIMARY KEY (vote_event_id, organization_id)
);
CREATE INDEX faction_position_organization ON faction_position (organization_id, vote_event_id);

CREATE TABLE person_vote (
    vote_event_id BIGINT NOT NULL REFERENCES vote_event (id),
    person_id     BIGINT NOT NULL REFERENCES person (id),
    vote          TEXT NOT NULL,
    faction_id    BIGINT REFERENCES organization (id),
    basis         TEXT NOT NULL,
    PRIMARY KEY (vote_event_id, person_id)
);
CREATE INDEX person_vote_person ON person_vote (person_id, vote_event_id);
