-- Toegang: households with members, address and informal network; help
-- questions and signals with their deadlines; payment-arrears signals; the
-- broad look over life domains; cases (one open per household) with their team.

CREATE TABLE households (
    id                     INTEGER PRIMARY KEY,
    municipality_id        INTEGER NOT NULL REFERENCES municipalities (id),
    postcode               TEXT,             -- '1234 AB'
    house_number           INTEGER,
    house_number_addition  TEXT,
    street                 TEXT NOT NULL DEFAULT '',
    city                   TEXT NOT NULL DEFAULT '',
    area_code              TEXT,             -- wijk or kern (CBS), from the postcode
    involved               TEXT NOT NULL DEFAULT '',  -- organisations already involved, one per line
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX households_address ON households (municipality_id, postcode, house_number);

CREATE TABLE household_members (
    id            INTEGER PRIMARY KEY,
    household_id  INTEGER NOT NULL REFERENCES households (id),
    name          TEXT NOT NULL,
    birth_date    TEXT,                      -- YYYY-MM-DD
    role          TEXT NOT NULL,             -- ouder, kind, partner, anders
    bsn           TEXT,                      -- only when needed; elfproef checked
    created_at    TEXT NOT NULL
);
CREATE INDEX household_members_household ON household_members (household_id);
CREATE INDEX household_members_bsn ON household_members (bsn);

CREATE TABLE network_contacts (
    id            INTEGER PRIMARY KEY,
    household_id  INTEGER NOT NULL REFERENCES households (id),
    name          TEXT NOT NULL,
    relation      TEXT NOT NULL,             -- familie, buur, vriend, vrijwilliger, anders
    helps_with    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX network_contacts_household ON network_contacts (household_id);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    household_id    INTEGER NOT NULL REFERENCES households (id),
    status          TEXT NOT NULL,           -- open, gesloten
    coordinator_id  INTEGER REFERENCES users (id),
    opened_at       TEXT NOT NULL,
    closed_at       TEXT
);
CREATE UNIQUE INDEX cases_one_open ON cases (household_id) WHERE status = 'open';

CREATE TABLE case_team (
    case_id  INTEGER NOT NULL REFERENCES cases (id),
    user_id  INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (case_id, user_id)
);

CREATE TABLE questions (
    id                      INTEGER PRIMARY KEY,
    municipality_id         INTEGER NOT NULL REFERENCES municipalities (id),
    channel                 TEXT NOT NULL,   -- bewoner, professional, partner, vroegsignalering
    urgency                 TEXT NOT NULL,   -- spoed, normaal
    status                  TEXT NOT NULL,   -- ontvangen, opgepakt, afgerond
    received_at             TEXT NOT NULL,
    due_date                TEXT NOT NULL,   -- YYYY-MM-DD, Dutch working days
    body                    TEXT NOT NULL,   -- the question in the asker's own words
    life_domains            TEXT NOT NULL DEFAULT '',
    contact_name            TEXT,
    contact_phone           TEXT,
    contact_email           TEXT,
    contact_way             TEXT,
    age_group               TEXT NOT NULL DEFAULT 'onbekend',
    area_code               TEXT,
    household_id            INTEGER REFERENCES households (id),
    submitted_by            INTEGER REFERENCES users (id),
    submitter_organization  INTEGER REFERENCES organizations (id),
    reason                  TEXT,            -- a partner signal's reason category
    assigned_to             INTEGER REFERENCES users (id),
    first_contact_at        TEXT,
    closed_at               TEXT,
    outcome                 TEXT,            -- informatie, verwezen, traject, geen-actie
    outcome_offer_id        INTEGER REFERENCES offers (id),
    outcome_note            TEXT,
    case_id                 INTEGER REFERENCES cases (id),
    version                 INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX questions_queue ON questions (municipality_id, status, due_date);
CREATE INDEX questions_household ON questions (household_id);
CREATE INDEX questions_submitter ON questions (submitter_organization, received_at);

CREATE TABLE arrears_signals (
    id                INTEGER PRIMARY KEY,
    question_id       INTEGER NOT NULL REFERENCES questions (id),
    household_id      INTEGER REFERENCES households (id),
    creditor_kind     TEXT NOT NULL,         -- huur, energie, water, zorgverzekering
    creditor          TEXT NOT NULL,
    amount_cents      INTEGER NOT NULL,
    months_overdue    INTEGER NOT NULL,
    signal_date       TEXT NOT NULL,
    person_name       TEXT NOT NULL,
    imported_at       TEXT NOT NULL
);
CREATE INDEX arrears_signals_question ON arrears_signals (question_id);

CREATE TABLE assessments (
    id            INTEGER PRIMARY KEY,
    household_id  INTEGER NOT NULL REFERENCES households (id),
    kind          TEXT NOT NULL,             -- leefgebieden, positieve-gezondheid
    member_id     INTEGER REFERENCES household_members (id),
    assessed_on   TEXT NOT NULL,             -- YYYY-MM-DD
    assessed_by   INTEGER REFERENCES users (id),
    source        TEXT NOT NULL DEFAULT '',  -- for Positieve Gezondheid: tablet, papier
    created_at    TEXT NOT NULL
);
CREATE INDEX assessments_household ON assessments (household_id, assessed_on);

CREATE TABLE assessment_scores (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    dimension      TEXT NOT NULL,            -- a life domain or a health dimension code
    score          INTEGER NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, dimension)
);
