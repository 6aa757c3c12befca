-- Plan (issue 5): one household, one plan, one coordinator. The case of
-- migration 0003 gets its plan, its team of partner organisations, consent,
-- referrals, scaling, evaluations, closing and aftercare.
-- Every table holds ids and codes; texts about problems live only in
-- domain_notes, shown according to consent.

-- The triage queue reads open questions only, urgent ('spoed' sorts after
-- 'normaal', hence DESC) first, then by deadline: one short index walk.
CREATE INDEX questions_open ON questions (municipality_id, urgency DESC, due_date, id)
    WHERE status <> 'afgerond';

-- A case is current until it is 'afgesloten' (statuses: open, lopend, nazorg,
-- afgesloten); a household has at most one current case.
DROP INDEX cases_one_open;
CREATE UNIQUE INDEX cases_one_current ON cases (household_id) WHERE status <> 'afgesloten';
ALTER TABLE cases ADD COLUMN question_id INTEGER;                       -- the question it came from (no FK: questions point back)
ALTER TABLE cases ADD COLUMN reentry INTEGER NOT NULL DEFAULT 0;      -- 1: within 12 months of the last closing
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;      -- optimistic locking of the plan
ALTER TABLE cases ADD COLUMN plan_agreed_on TEXT;                   -- YYYY-MM-DD
ALTER TABLE cases ADD COLUMN plan_agreed_with TEXT;                 -- who agreed, as typed
ALTER TABLE cases ADD COLUMN outcome TEXT;                          -- bereikt, deels, niet-bereikt
ALTER TABLE cases ADD COLUMN close_reason TEXT;
ALTER TABLE cases ADD COLUMN updated_at TEXT;

-- "Mijn trajecten" finds a user's cases through these.
CREATE INDEX cases_coordinator ON cases (coordinator_id);
CREATE INDEX case_team_user ON case_team (user_id);

CREATE TABLE case_handovers (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    from_user     INTEGER REFERENCES users (id),
    to_user       INTEGER NOT NULL REFERENCES users (id),
    note          TEXT NOT NULL,
    at            TEXT NOT NULL,
    by_user       INTEGER REFERENCES users (id)
);
CREATE INDEX case_handovers_case ON case_handovers (case_id);

-- Partner organisations on the team (what they may see comes from consent).
CREATE TABLE case_partners (
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    organization_id  INTEGER NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (case_id, organization_id)
);

CREATE TABLE goals (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    life_domain  TEXT NOT NULL,
    text         TEXT NOT NULL,
    due_date     TEXT,
    actor        TEXT NOT NULL,              -- inwoner, netwerk, professional
    status       TEXT NOT NULL,              -- lopend, bereikt, deels, niet-bereikt
    created_at   TEXT NOT NULL
);
CREATE INDEX goals_case ON goals (case_id);

CREATE TABLE goal_actions (
    id        INTEGER PRIMARY KEY,
    goal_id   INTEGER NOT NULL REFERENCES goals (id),
    text      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    due_date  TEXT,
    done_on   TEXT
);
CREATE INDEX goal_actions_goal ON goal_actions (goal_id);

-- Support from the sociale kaart in the plan, with its layer at the time.
CREATE TABLE support_items (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    goal_id     INTEGER REFERENCES goals (id),
    offer_id    INTEGER REFERENCES offers (id),
    title       TEXT NOT NULL,
    layer       INTEGER NOT NULL,
    added_on    TEXT NOT NULL,
    ended_on    TEXT
);
CREATE INDEX support_items_case ON support_items (case_id);

CREATE TABLE domain_notes (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    life_domain  TEXT NOT NULL,
    note         TEXT NOT NULL,
    author_id    INTEGER REFERENCES users (id),
    at           TEXT NOT NULL
);
CREATE INDEX domain_notes_case ON domain_notes (case_id, life_domain);

CREATE TABLE consents (
    id               INTEGER PRIMARY KEY,
    household_id     INTEGER NOT NULL REFERENCES households (id),
    member_id        INTEGER NOT NULL REFERENCES household_members (id),
    organization_id  INTEGER NOT NULL REFERENCES organizations (id),
    domains          TEXT NOT NULL,           -- life-domain codes, space separated
    purpose          TEXT NOT NULL,
    valid_from       TEXT NOT NULL,           -- YYYY-MM-DD
    valid_until      TEXT,                    -- last day, inclusive
    given_at         TEXT NOT NULL,
    recorded_by      INTEGER REFERENCES users (id),
    withdrawn_at     TEXT,
    withdrawn_by     INTEGER REFERENCES users (id)
);
CREATE INDEX consents_household ON consents (household_id);
CREATE INDEX consents_organization ON consents (organization_id);

CREATE TABLE referrals (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    goal_id          INTEGER REFERENCES goals (id),
    offer_id         INTEGER REFERENCES offers (id),
    organization_id  INTEGER NOT NULL REFERENCES organizations (id),
    layer            INTEGER NOT NULL,
    status           TEXT NOT NULL,           -- concept, verstuurd, geaccepteerd, afgewezen, gestart, afgerond, geannuleerd
    handover_note    TEXT NOT NULL,
    decline_reason   TEXT,
    outcome          TEXT,
    answer_note      TEXT,
    created_at       TEXT NOT NULL,
    sent_on          TEXT,                    -- YYYY-MM-DD
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_organization ON referrals (organization_id, status);

CREATE TABLE referral_steps (
    id           INTEGER PRIMARY KEY,
    referral_id  INTEGER NOT NULL REFERENCES referrals (id),
    status       TEXT NOT NULL,
    at           TEXT NOT NULL,
    by_user      INTEGER REFERENCES users (id),
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_steps_referral ON referral_steps (referral_id);

CREATE TABLE scalings (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    from_layer  INTEGER NOT NULL,
    to_layer    INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL,
    by_user     INTEGER REFERENCES users (id)
);
CREATE INDEX scalings_case ON scalings (case_id);

CREATE TABLE case_table_referrals (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    table_code  TEXT NOT NULL,                -- zorg-en-veiligheid, mdo, expertteam
    reasons     TEXT NOT NULL,                -- codes, space separated
    note        TEXT NOT NULL,
    at          TEXT NOT NULL,
    by_user     INTEGER REFERENCES users (id)
);
CREATE INDEX case_table_referrals_case ON case_table_referrals (case_id);

-- Evaluation moments and aftercare contacts: a date to remind, done or not.
CREATE TABLE case_moments (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    kind      TEXT NOT NULL,                  -- evaluatie, nazorg
    due_date  TEXT NOT NULL,
    done_on   TEXT,
    note      TEXT NOT NULL DEFAULT '',
    by_user   INTEGER REFERENCES users (id)
);
CREATE INDEX case_moments_case ON case_moments (case_id, kind);

-- The resident's own view: a one-time link (only its SHA-256 kept) opens a
-- short session for one household member. A DigiD-style login through OIDC
-- can start the same kind of session later.
CREATE TABLE resident_links (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES household_members (id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    created_by  INTEGER REFERENCES users (id)
);
CREATE TABLE resident_sessions (
    id_hash     TEXT PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES household_members (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
