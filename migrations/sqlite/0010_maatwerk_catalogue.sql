-- The maatwerk catalogue's history (issue 12). The catalogue tables of 0008
-- (maatwerk_providers, maatwerk_products, maatwerk_contracts) keep the current
-- state; this append-only table keeps the past. Every create, edit and ending
-- of a provider, product or contract writes one row here, in the transaction
-- of the change: which entry (entity, entity_id), when, who, and the entry as
-- JSON before (none when created) and after. Rows are only ever inserted.
-- Chosen over versioned rows so that every reader (decisions, tariffs) keeps
-- reading one row per entry; contracts need no versions anyway: once started
-- they are never edited, ending one sets valid_until and a new tariff is a new
-- contract row. The municipality is copied in so a scope filters the history
-- in SQL like every other municipal record.

CREATE TABLE maatwerk_catalogue_changes (
    id               INTEGER PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id),
    entity           TEXT NOT NULL,                 -- provider, product, contract
    entity_id        INTEGER NOT NULL,
    action           TEXT NOT NULL,                 -- created, changed, ended
    changed_at       TEXT NOT NULL,
    changed_by       INTEGER REFERENCES users (id),
    before_json      TEXT,
    after_json       TEXT NOT NULL
);
CREATE INDEX maatwerk_catalogue_changes_entry ON maatwerk_catalogue_changes (municipality_id, entity, entity_id);
-- Contracts are looked up per product too (who delivers this product, at what tariff).
CREATE INDEX maatwerk_contracts_product ON maatwerk_contracts (product_id);
