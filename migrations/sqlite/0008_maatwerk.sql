-- Maatwerk (issue 12): what a municipality can grant, and the legal path of
-- each request to its decision. Products use the categories, units and
-- frequencies of the iWmo/iJw code lists; contracts give a provider a tariff
-- per unit for a product and a period. Dates are YYYY-MM-DD (local), times
-- UTC text, money whole eurocents.

CREATE TABLE maatwerk_providers (
    id               INTEGER PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id),
    name             TEXT NOT NULL,
    agb_code         TEXT NOT NULL,                 -- 8 digits (Vektis AGB register)
    kvk              TEXT,                          -- 8 digits (Kamer van Koophandel)
    created_at       TEXT NOT NULL,
    UNIQUE (municipality_id, agb_code)
);

CREATE TABLE maatwerk_products (
    id               INTEGER PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id),
    law              TEXT NOT NULL,                 -- wmo, jeugdwet, participatiewet
    category         TEXT NOT NULL,                 -- WMO020 / JZ020
    product_code     TEXT NOT NULL,                 -- 5 letters or digits
    name             TEXT NOT NULL,
    variant          TEXT NOT NULL,                 -- inspanning, output, taak
    unit             TEXT NOT NULL,                 -- WJ756
    frequency        TEXT NOT NULL,                 -- WMO757 / JZ757
    valid_from       TEXT NOT NULL,
    valid_until      TEXT,
    created_at       TEXT NOT NULL,
    UNIQUE (municipality_id, law, category, product_code)
);

CREATE TABLE maatwerk_contracts (
    id            INTEGER PRIMARY KEY,
    provider_id   INTEGER NOT NULL REFERENCES maatwerk_providers (id),
    product_id    INTEGER NOT NULL REFERENCES maatwerk_products (id),
    tariff_cents  INTEGER NOT NULL,                 -- per unit of the product
    valid_from    TEXT NOT NULL,
    valid_until   TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX maatwerk_contracts_provider ON maatwerk_contracts (provider_id, product_id);

-- One request's way to a decision (domain: maatwerk::path). Under the Wmo it
-- starts with a melding; otherwise with an application.
CREATE TABLE maatwerk_paths (
    id                  INTEGER PRIMARY KEY,
    municipality_id     INTEGER NOT NULL REFERENCES municipalities (id),
    household_id        INTEGER NOT NULL REFERENCES households (id),
    member_id           INTEGER REFERENCES household_members (id),
    law                 TEXT NOT NULL,
    melding_on          TEXT,
    report_sent_on      TEXT,
    application_on      TEXT,
    extension_notice_on TEXT,                       -- Awb 4:14: when the extension was announced
    extended_to         TEXT,
    default_notice_on   TEXT,                       -- Awb 4:17: the resident's notice of default received
    decided_on          TEXT,
    created_at          TEXT NOT NULL,
    created_by          INTEGER REFERENCES users (id),
    version             INTEGER NOT NULL DEFAULT 1
);
-- The worklist reads the open paths of a municipality.
CREATE INDEX maatwerk_paths_open ON maatwerk_paths (municipality_id, id) WHERE decided_on IS NULL;
CREATE INDEX maatwerk_paths_household ON maatwerk_paths (household_id);

-- Awb 4:15: days the decision term stood still, both ends included.
CREATE TABLE maatwerk_suspensions (
    id        INTEGER PRIMARY KEY,
    path_id   INTEGER NOT NULL REFERENCES maatwerk_paths (id),
    from_day  TEXT NOT NULL,
    to_day    TEXT NOT NULL,
    reason    TEXT NOT NULL
);
CREATE INDEX maatwerk_suspensions_path ON maatwerk_suspensions (path_id);

-- A decision (beschikking) on a path: a draft until `sent_on` is set, then
-- never changed; a change or ending is a new decision naming the one it replaces.
CREATE TABLE maatwerk_decisions (
    id               INTEGER PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id),
    path_id          INTEGER NOT NULL REFERENCES maatwerk_paths (id),
    law              TEXT NOT NULL,
    kind             TEXT NOT NULL,                 -- eerste, tijdelijk, wijziging, verlenging, intrekking, beeindiging
    replaces_id      INTEGER REFERENCES maatwerk_decisions (id),
    sent_on          TEXT,
    created_at       TEXT NOT NULL,
    created_by       INTEGER REFERENCES users (id)
);
CREATE INDEX maatwerk_decisions_path ON maatwerk_decisions (path_id);

-- One product of a decision, granted or refused, with its own reasoning.
CREATE TABLE maatwerk_decision_lines (
    id            INTEGER PRIMARY KEY,
    decision_id   INTEGER NOT NULL REFERENCES maatwerk_decisions (id),
    position      INTEGER NOT NULL,
    category      TEXT NOT NULL,                    -- WMO020 / JZ020
    product_code  TEXT,
    outcome       TEXT NOT NULL,                    -- toegekend, afgewezen
    quantity      INTEGER,
    unit          TEXT,                             -- WJ756
    frequency     TEXT,                             -- WMO757 / JZ757
    budget_cents  INTEGER,
    delivery      TEXT NOT NULL,                    -- natura, pgb
    start_on      TEXT,
    end_on        TEXT,
    reasoning     TEXT NOT NULL,
    UNIQUE (decision_id, position)
);

-- An objection (bezwaar) against a sent decision (Awb 6:7, 7:10), and how it ended.
CREATE TABLE maatwerk_objections (
    id               INTEGER PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id),
    decision_id      INTEGER NOT NULL REFERENCES maatwerk_decisions (id),
    received_on      TEXT NOT NULL,
    committee        INTEGER NOT NULL DEFAULT 0,    -- 1: an advisory committee hears it (12 weeks)
    postponed        INTEGER NOT NULL DEFAULT 0,    -- 1: the decision on it was postponed by six weeks
    decided_on       TEXT,
    outcome          TEXT,                          -- gegrond, deels-gegrond, ongegrond, niet-ontvankelijk, ingetrokken
    created_at       TEXT NOT NULL
);
CREATE INDEX maatwerk_objections_decision ON maatwerk_objections (decision_id);
