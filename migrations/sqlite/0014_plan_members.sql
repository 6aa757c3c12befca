-- Issue 16: a plan per household member, and the informal network as support.

-- Who a goal, action, support item or note is about. No row: the whole
-- household. What a partner organisation may see of an item follows from the
-- consent of every member it is about (kompas_domain::plan::members).
CREATE TABLE plan_item_members (
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    item_kind  TEXT NOT NULL,                  -- doel, actie, hulp, aantekening, contact
    item_id    INTEGER NOT NULL,
    member_id  INTEGER NOT NULL REFERENCES household_members (id),
    PRIMARY KEY (item_kind, item_id, member_id)
);
CREATE INDEX plan_item_members_case ON plan_item_members (case_id);

-- Support given by someone of the household's network (layer 1): who, and
-- how often; the item's title says what they do.
ALTER TABLE support_items ADD COLUMN network_contact_id INTEGER REFERENCES network_contacts (id);
ALTER TABLE support_items ADD COLUMN how_often TEXT;

-- How a worker is reached at work: shown to partners on a referral so they
-- can reach the coordinator. Set by the worker on "Mijn gegevens".
ALTER TABLE users ADD COLUMN work_phone TEXT;
ALTER TABLE users ADD COLUMN work_email TEXT;

-- The contact log of a case: conversations, calls, letters, home visits.
-- `shared` = 1: the household reads the report on its own page. Whom a
-- contact is about is in plan_item_members (item_kind 'contact').
CREATE TABLE case_contacts (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    kind         TEXT NOT NULL,                  -- gesprek, telefoon, brief, huisbezoek
    held_on      TEXT NOT NULL,                  -- YYYY-MM-DD, Dutch local date
    report       TEXT NOT NULL,
    shared       INTEGER NOT NULL DEFAULT 0,
    author_id    INTEGER REFERENCES users (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX case_contacts_case ON case_contacts (case_id, held_on);

-- Why a worker looks at a household, asked once per household per session:
-- each later read in the session is logged with this reason.
CREATE TABLE session_reasons (
    session_hash  TEXT NOT NULL REFERENCES sessions (id_hash) ON DELETE CASCADE,
    household_id  INTEGER NOT NULL REFERENCES households (id),
    reason        TEXT NOT NULL,
    at            TEXT NOT NULL,
    PRIMARY KEY (session_hash, household_id)
);
CREATE INDEX session_reasons_household ON session_reasons (household_id);

-- The postcode a resident typed with a question, kept so that the worker
-- does not ask again when the household is made.
ALTER TABLE questions ADD COLUMN postcode TEXT;

-- The secret of a worker's agenda feed for a calendar app (SHA-256 of the
-- token in the link; the link itself is shown once).
ALTER TABLE users ADD COLUMN calendar_token_hash TEXT;
CREATE UNIQUE INDEX users_calendar_token ON users (calendar_token_hash);
