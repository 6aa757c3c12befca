-- An offer's name, description and how-to-apply in a resident's language
-- (issue 15): one row per offer and language; Dutch stays in `offers`.
CREATE TABLE offer_translations (
    offer_id     BIGINT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    language     TEXT NOT NULL,        -- en, ar, tr, pl, uk (kompas_domain::language)
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    how_to_apply TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (offer_id, language)
);
-- The search index and the API read the translations of a language at once.
CREATE INDEX offer_translations_language ON offer_translations (language, offer_id);
