-- Several instances on one database (issue 17).

-- The directory's change feed. Every write that can change a search answer
-- (an offer, an organisation, a location, a synonym) takes the next number
-- from directory_head and records what it changed, in its own transaction.
-- Taking the number locks the head row until commit, so numbers become
-- visible in order and without gaps: an instance that has applied number n
-- has seen everything up to n. Old rows are pruned; an instance that fell
-- further behind rebuilds its index.
CREATE TABLE directory_head (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO directory_head (id, seq) VALUES (1, 0);

-- kind: offer, organization, location (object_id is its id), synonyms
-- (object_id is the municipality) or everything (a restore: rebuild).
CREATE TABLE directory_changes (
    seq       INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    object_id INTEGER NOT NULL
);
CREATE INDEX directory_changes_seq ON directory_changes (seq);

-- Scheduled jobs run once per due time across instances: the instance whose
-- conditional UPDATE moves next_due forward (one statement) runs the job.
CREATE TABLE job_leases (
    name     TEXT PRIMARY KEY,
    holder   TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    next_due TEXT NOT NULL
);
