-- Maatwerk decision letters (issue 12): each municipality's own wording per
-- law (standard texts apply until it writes its own), and the document of
-- every sent decision exactly as the resident received it. Plan support
-- learns which decision granted it.

CREATE TABLE maatwerk_letter_texts (
    id               INTEGER PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id),
    law              TEXT NOT NULL,
    legal_basis      TEXT NOT NULL,
    objection        TEXT NOT NULL,                 -- with {bezwaar_tot}, {gemeente}, {kenmerk}, {adres}
    address          TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       INTEGER REFERENCES users (id),
    UNIQUE (municipality_id, law)
);

-- Written once, when the decision is sent; never changed (base64 text, so the
-- neutral backup and both databases hold the same bytes).
CREATE TABLE maatwerk_decision_documents (
    id               INTEGER PRIMARY KEY,
    decision_id      INTEGER NOT NULL UNIQUE REFERENCES maatwerk_decisions (id),
    media_type       TEXT NOT NULL,
    content_base64   TEXT NOT NULL,
    sha256           TEXT NOT NULL,                 -- hex, of the decoded bytes
    created_at       TEXT NOT NULL
);

-- A granted product in the plan: which decision granted it (no foreign key:
-- backups restore plan tables before maatwerk ones).
ALTER TABLE support_items ADD COLUMN decision_id INTEGER;
CREATE INDEX support_items_decision ON support_items (decision_id);

-- Maatwerk steps as case events (docs/case-events.md): which path, which
-- decision, under which law.
ALTER TABLE case_events ADD COLUMN path_id INTEGER;
ALTER TABLE case_events ADD COLUMN decision_id INTEGER;
ALTER TABLE case_events ADD COLUMN law TEXT;
