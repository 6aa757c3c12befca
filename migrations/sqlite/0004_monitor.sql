-- The monitor: goal trees (main goals, courses, indicators with baselines and
-- targets), measurements per period and CBS area, the municipality's own
-- explanations next to figures, and the case events that toegang and plan
-- append and the monitor computes indicators from.
--
-- A goal tree belongs to a municipality or to a region: `scope` is 'm:<id>'
-- or 'r:<id>' (codes are unique within it), and exactly one of
-- municipality_id and region_id is set. Version 3 is the toegang module's.

CREATE TABLE monitor_goals (
    id              INTEGER PRIMARY KEY,
    scope           TEXT NOT NULL,
    municipality_id INTEGER REFERENCES municipalities (id),
    region_id       INTEGER REFERENCES regions (id),
    parent_id       INTEGER REFERENCES monitor_goals (id),   -- a course's main goal
    kind            TEXT NOT NULL,                           -- hoofddoel, koers
    code            TEXT NOT NULL,                           -- '1', '1.2': order and name
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL,
    UNIQUE (scope, code)
);

CREATE TABLE monitor_indicators (
    id              INTEGER PRIMARY KEY,
    scope           TEXT NOT NULL,
    municipality_id INTEGER REFERENCES municipalities (id),
    region_id       INTEGER REFERENCES regions (id),
    goal_id         INTEGER REFERENCES monitor_goals (id),   -- its course; NULL: not in the tree
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    definition      TEXT NOT NULL,
    unit            TEXT NOT NULL,
    direction       TEXT NOT NULL,                           -- hoger, lager, geen
    source          TEXT NOT NULL,
    area_level      TEXT NOT NULL,                           -- gemeente, wijk, buurt
    frequency       TEXT NOT NULL,                           -- maand, kwartaal, jaar
    baseline_value  REAL,
    baseline_period TEXT,
    target_value    REAL,
    target_period   TEXT,
    band_low        REAL,
    band_high       REAL,
    plausible_min   REAL,
    plausible_max   REAL,
    computed        TEXT,                                    -- engine measure, e.g. voorkant
    position        INTEGER NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (scope, code)
);
CREATE INDEX monitor_indicators_goal ON monitor_indicators (goal_id);

-- One value per indicator, period and area; a new import replaces it.
CREATE TABLE monitor_measurements (
    id              INTEGER PRIMARY KEY,
    indicator_id    INTEGER NOT NULL REFERENCES monitor_indicators (id) ON DELETE CASCADE,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),  -- whose area it is
    period          TEXT NOT NULL,                           -- 2024, 2024-K2, 2024-03
    area_code       TEXT NOT NULL,                           -- GM/WK/BU code
    value           REAL NOT NULL,
    source          TEXT NOT NULL,
    provisional     INTEGER NOT NULL DEFAULT 0,
    series_break    INTEGER NOT NULL DEFAULT 0,              -- boundaries changed (CBS)
    note            TEXT NOT NULL DEFAULT '',
    entered_by      TEXT NOT NULL,
    entered_at      TEXT NOT NULL,
    UNIQUE (indicator_id, period, area_code)
);
CREATE INDEX monitor_measurements_municipality ON monitor_measurements (municipality_id);

-- The municipality's own words next to a figure: 'indicator:<id>' or
-- 'berekend:<code>', for one period or ('') in general.
CREATE TABLE monitor_explanations (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    subject         TEXT NOT NULL,
    period          TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL,
    written_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (municipality_id, subject, period)
);

-- Append-only. Ids and codes only, never personal data; docs/case-events.md
-- lists which columns each kind fills.
CREATE TABLE case_events (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    at              TEXT NOT NULL,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    wijk            TEXT,                                    -- WK code of the household
    household_id    INTEGER,
    question_id     INTEGER,
    case_id         INTEGER,
    referral_id     INTEGER,
    offer_id        INTEGER,
    layer           INTEGER,                                 -- 1-5; the to-layer when scaling
    from_layer      INTEGER,
    life_domain     TEXT,
    score           INTEGER,                                 -- 1-5
    channel         TEXT,
    outcome         TEXT,
    deadline_met    INTEGER,                                 -- 0/1
    actor_role      TEXT
);
CREATE INDEX case_events_municipality_at ON case_events (municipality_id, at);
CREATE INDEX case_events_case ON case_events (case_id);
CREATE INDEX case_events_household ON case_events (household_id);
