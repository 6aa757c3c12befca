-- iWmo/iJw 3.2 message exchange and costs (issue 13). An allocation
-- (toewijzing) gives one granted in-kind product of a sent decision to one
-- contracted provider for a period; its number is unique per municipality
-- and law (TR332). Every message in and out is kept whole, with the
-- allocations and the household it concerns, so it can be found per client,
-- provider and allocation. Claim lines keep what was claimed and approved:
-- approved lines are the realised cost. Dates are YYYY-MM-DD, times UTC
-- text, money whole eurocents.

CREATE TABLE maatwerk_allocations (
    id                INTEGER PRIMARY KEY,
    municipality_id   INTEGER NOT NULL REFERENCES municipalities (id),
    law               TEXT NOT NULL,                -- wmo, jeugdwet
    number            INTEGER NOT NULL,             -- ToewijzingNummer
    decision_id       INTEGER NOT NULL REFERENCES maatwerk_decisions (id),
    line_position     INTEGER NOT NULL,
    household_id      INTEGER NOT NULL REFERENCES households (id),
    member_id         INTEGER REFERENCES household_members (id),
    provider_id       INTEGER NOT NULL REFERENCES maatwerk_providers (id),
    category          TEXT NOT NULL,                -- WMO020 / JZ020
    product_code      TEXT,
    variant           TEXT NOT NULL,                -- inspanning, output, taak
    quantity          INTEGER,
    unit              TEXT,                         -- WJ756
    frequency         TEXT,                         -- WMO757 / JZ757
    budget_cents      INTEGER,
    start_on          TEXT NOT NULL,
    end_on            TEXT,
    change_reason     TEXT,                         -- WMO002 / JZ002, once changed
    allocated_at      TEXT NOT NULL,                -- Toewijzingsdatum and -tijd
    changed_at        TEXT NOT NULL,                -- last change; a 301 is due when later than the last sent
    care_started_on   TEXT,                         -- from the provider's 305
    care_stopped_on   TEXT,                         -- from the provider's 307
    stop_reason       TEXT,                         -- WMO588 / JZ588
    created_at        TEXT NOT NULL,
    UNIQUE (municipality_id, law, number)
);
CREATE INDEX maatwerk_allocations_provider ON maatwerk_allocations (provider_id, household_id);
CREATE INDEX maatwerk_allocations_household ON maatwerk_allocations (household_id);
CREATE INDEX maatwerk_allocations_decision ON maatwerk_allocations (decision_id);
-- Costs read the allocations of a municipality that run within a year.
CREATE INDEX maatwerk_allocations_period ON maatwerk_allocations (municipality_id, start_on);

-- One message of the standard, in or out, as its XML. Outgoing messages wait
-- in the outbox (exported_at empty) until the hub collects them.
CREATE TABLE maatwerk_messages (
    id                INTEGER PRIMARY KEY,
    municipality_id   INTEGER NOT NULL REFERENCES municipalities (id),
    law               TEXT NOT NULL,
    kind              TEXT NOT NULL,                -- 301, 302, 305 … 325
    direction         TEXT NOT NULL,                -- in, out
    message_ref       TEXT NOT NULL,                -- BerichtIdentificatie
    dated_on          TEXT NOT NULL,                -- Dagtekening
    agb_code          TEXT NOT NULL,                -- the provider's side
    provider_id       INTEGER REFERENCES maatwerk_providers (id),
    household_id      INTEGER REFERENCES households (id),
    replies_to        INTEGER REFERENCES maatwerk_messages (id),
    answer_due_on     TEXT,                         -- incoming: when the return message is due
    status            TEXT NOT NULL,                -- ontvangen, goedgekeurd, afgekeurd, deels, klaar, verzonden
    summary           TEXT NOT NULL,                -- one line in Dutch for lists
    problems          TEXT,                         -- the rules broken, one per line
    xml               TEXT NOT NULL,
    file_name         TEXT,
    created_at        TEXT NOT NULL,
    exported_at       TEXT
);
-- TR056: a sender's message id is unique per kind; the same file twice is refused.
CREATE UNIQUE INDEX maatwerk_messages_ref ON maatwerk_messages (municipality_id, direction, agb_code, law, kind, message_ref);
CREATE INDEX maatwerk_messages_outbox ON maatwerk_messages (municipality_id, direction, exported_at);
CREATE INDEX maatwerk_messages_provider ON maatwerk_messages (provider_id, id);
CREATE INDEX maatwerk_messages_household ON maatwerk_messages (household_id);

-- Which allocations a message concerns (a 301 carries all current ones).
CREATE TABLE maatwerk_message_allocations (
    message_id      INTEGER NOT NULL REFERENCES maatwerk_messages (id),
    allocation_id   INTEGER NOT NULL REFERENCES maatwerk_allocations (id),
    PRIMARY KEY (message_id, allocation_id)
);
CREATE INDEX maatwerk_message_allocations_allocation ON maatwerk_message_allocations (allocation_id);

-- One claim line (323 Prestatie) and the municipality's answer (325).
CREATE TABLE maatwerk_claim_lines (
    id                INTEGER PRIMARY KEY,
    municipality_id   INTEGER NOT NULL REFERENCES municipalities (id),
    message_id        INTEGER NOT NULL REFERENCES maatwerk_messages (id),
    provider_id       INTEGER NOT NULL REFERENCES maatwerk_providers (id),
    allocation_id     INTEGER REFERENCES maatwerk_allocations (id),
    household_id      INTEGER REFERENCES households (id),
    law               TEXT NOT NULL,
    reference         TEXT NOT NULL,                -- ProductReferentie, unique per provider and law (TR314)
    category          TEXT NOT NULL,
    product_code      TEXT,
    period_from       TEXT NOT NULL,
    period_to         TEXT NOT NULL,
    volume            INTEGER NOT NULL,
    unit              TEXT NOT NULL,
    tariff_cents      INTEGER NOT NULL,
    claimed_cents     INTEGER NOT NULL,             -- negative for a credit line
    approved_cents    INTEGER NOT NULL,             -- 0 when rejected
    rejected_rules    TEXT,                         -- e.g. TR321; empty when approved
    created_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX maatwerk_claim_lines_reference ON maatwerk_claim_lines (municipality_id, provider_id, law, reference, claimed_cents);
CREATE INDEX maatwerk_claim_lines_allocation ON maatwerk_claim_lines (allocation_id);
CREATE INDEX maatwerk_claim_lines_period ON maatwerk_claim_lines (municipality_id, period_from);

-- Where the municipality books a product category (Iv3 taakveld), when it
-- differs from Kompas's default.
CREATE TABLE maatwerk_taakvelden (
    municipality_id   INTEGER NOT NULL REFERENCES municipalities (id),
    law               TEXT NOT NULL,
    category          TEXT NOT NULL,
    taakveld          TEXT NOT NULL,
    changed_at        TEXT NOT NULL,
    PRIMARY KEY (municipality_id, law, category)
);

-- The budget per taakveld and year that policy staff enter.
CREATE TABLE maatwerk_budgets (
    municipality_id   INTEGER NOT NULL REFERENCES municipalities (id),
    year              INTEGER NOT NULL,
    taakveld          TEXT NOT NULL,
    budget_cents      INTEGER NOT NULL,
    changed_at        TEXT NOT NULL,
    changed_by        INTEGER REFERENCES users (id),
    PRIMARY KEY (municipality_id, year, taakveld)
);

-- The organisation whose partner accounts act for a provider: they see its
-- allocations and messages in the browser.
ALTER TABLE maatwerk_providers ADD COLUMN organization_id INTEGER REFERENCES organizations (id);
CREATE INDEX maatwerk_providers_organization ON maatwerk_providers (organization_id);
