-- Searches on the public directory that found nothing or little (issue 14):
-- counted per municipality and Dutch month, so editors can turn a query into
-- a synonym. Only the query text is kept, after the domain's normaliser took
-- out anything that could name a person (digits, e-mail addresses, links);
-- no address, session or time of a single search. `found` is the fewest
-- results seen that month; `handled_at` is set once an editor made a synonym
-- or decided none is needed.

CREATE TABLE search_misses (
    id                INTEGER PRIMARY KEY,
    municipality_id   INTEGER NOT NULL REFERENCES municipalities (id),
    month             TEXT NOT NULL,                -- YYYY-MM, Dutch local time
    query             TEXT NOT NULL,                -- normalised, at most 100 characters
    searches          INTEGER NOT NULL DEFAULT 1,
    found             INTEGER NOT NULL,
    last_at           TEXT NOT NULL,
    handled_at        TEXT,
    handled_by        INTEGER REFERENCES users (id),
    UNIQUE (municipality_id, month, query)
);
-- The editors' list: a municipality's month, most searched first.
CREATE INDEX search_misses_month ON search_misses (municipality_id, month, searches);
