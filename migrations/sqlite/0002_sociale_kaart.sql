-- The sociale kaart: areas, the directory's organisations, locations, offers
-- (HSDS services), taxonomies, synonyms, the editorial workflow and reports.
-- Multi-valued codes (life domains, target groups, areas served) are stored as
-- space-separated codes; the search index is what filters on them.

CREATE TABLE areas (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    cbs_code        TEXT NOT NULL UNIQUE,    -- WK/BU code, e.g. WK990101
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL            -- wijk, kern, buurt
);

-- Which wijk a postcode (its four digits) belongs to.
CREATE TABLE area_postcodes (
    postcode4 TEXT NOT NULL,
    area_id   INTEGER NOT NULL REFERENCES areas (id),
    PRIMARY KEY (postcode4, area_id)
);

ALTER TABLE organizations ADD COLUMN hsds_id TEXT;
ALTER TABLE organizations ADD COLUMN description TEXT;
ALTER TABLE organizations ADD COLUMN website TEXT;
ALTER TABLE organizations ADD COLUMN email TEXT;
ALTER TABLE organizations ADD COLUMN phone TEXT;
CREATE UNIQUE INDEX organizations_hsds_id ON organizations (hsds_id);

CREATE TABLE locations (
    id              INTEGER PRIMARY KEY,
    hsds_id         TEXT NOT NULL UNIQUE,
    organization_id INTEGER REFERENCES organizations (id),
    name            TEXT NOT NULL,
    address         TEXT,
    postcode        TEXT,
    city            TEXT,
    area_code       TEXT,
    latitude        REAL,
    longitude       REAL
);

CREATE TABLE offers (
    id                  INTEGER PRIMARY KEY,
    hsds_id             TEXT NOT NULL UNIQUE,
    municipality_id     INTEGER NOT NULL REFERENCES municipalities (id),
    organization_id     INTEGER NOT NULL REFERENCES organizations (id),
    location_id         INTEGER REFERENCES locations (id),
    name                TEXT NOT NULL,
    description         TEXT NOT NULL,
    for_whom            TEXT NOT NULL DEFAULT '',
    application_process TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,        -- HSDS: active, inactive, defunct, temporarily closed
    layer               INTEGER NOT NULL CHECK (layer BETWEEN 1 AND 5),
    access              TEXT NOT NULL,        -- vrij, aanmelden, verwijzing, indicatie
    referrer            TEXT,                 -- who refers or indicates
    min_age             INTEGER,
    max_age             INTEGER,
    free                INTEGER NOT NULL,
    cost_text           TEXT NOT NULL DEFAULT '',
    keywords            TEXT NOT NULL DEFAULT '',
    life_domains        TEXT NOT NULL DEFAULT '',
    target_groups       TEXT NOT NULL DEFAULT '',
    areas_served        TEXT NOT NULL DEFAULT '',
    hours               TEXT NOT NULL DEFAULT '[]',  -- JSON, domain::directory::OpeningHours
    phone               TEXT,
    email               TEXT,
    url                 TEXT,
    last_checked        TEXT,                 -- date, YYYY-MM-DD
    checked_by          TEXT,
    hsds_extra          TEXT,                 -- HSDS fields we do not model, kept for round trips
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX offers_municipality ON offers (municipality_id);
CREATE INDEX offers_organization ON offers (organization_id);
CREATE INDEX offers_updated ON offers (updated_at);

CREATE TABLE taxonomies (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    uri         TEXT,
    version     TEXT
);

CREATE TABLE taxonomy_terms (
    id          TEXT PRIMARY KEY,
    taxonomy_id TEXT REFERENCES taxonomies (id),
    code        TEXT,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    parent_id   TEXT,
    term_uri    TEXT
);

CREATE TABLE offer_terms (
    offer_id INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    term_id  TEXT NOT NULL REFERENCES taxonomy_terms (id),
    PRIMARY KEY (offer_id, term_id)
);

-- Residents' words and the professional terms they mean; editors keep them.
CREATE TABLE synonyms (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    word            TEXT NOT NULL,
    means           TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (municipality_id, word, means)
);

-- A partner's proposed change to an offer, waiting for an editor.
CREATE TABLE offer_changes (
    id           INTEGER PRIMARY KEY,
    offer_id     INTEGER REFERENCES offers (id),   -- NULL: a proposed new offer
    proposed_by  INTEGER NOT NULL REFERENCES users (id),
    proposed_at  TEXT NOT NULL,
    payload      TEXT NOT NULL,                   -- JSON of the proposed offer
    base_version INTEGER,
    status       TEXT NOT NULL,                   -- pending, approved, rejected
    reviewed_by  INTEGER REFERENCES users (id),
    reviewed_at  TEXT,
    note         TEXT
);
CREATE INDEX offer_changes_status ON offer_changes (status);

-- Every change to an offer: who, when, and the offer before and after.
CREATE TABLE offer_history (
    id         INTEGER PRIMARY KEY,
    offer_id   INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    reason     TEXT NOT NULL,
    before     TEXT,
    after      TEXT NOT NULL
);
CREATE INDEX offer_history_offer ON offer_history (offer_id);

-- "Meld een fout" on a public offer page.
CREATE TABLE offer_reports (
    id         INTEGER PRIMARY KEY,
    offer_id   INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    message    TEXT NOT NULL,
    contact    TEXT,
    created_at TEXT NOT NULL,
    handled_at TEXT,
    handled_by INTEGER REFERENCES users (id)
);
