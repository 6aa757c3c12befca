-- Foundation: tenants (regions, municipalities, organisations), accounts,
-- sessions, login throttling and the hash-chained audit log.
--
-- Portable conventions kept in step with migrations/postgres:
--   * integers are 64-bit (INTEGER here, BIGINT there); booleans are 0/1 integers;
--   * times are UTC text `YYYY-MM-DDTHH:MM:SS.ffffffZ`, which sorts like time.

CREATE TABLE regions (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- A municipality is the tenant: every record belongs to one.
CREATE TABLE municipalities (
    id        INTEGER PRIMARY KEY,
    cbs_code  TEXT NOT NULL UNIQUE,          -- GM0000
    name      TEXT NOT NULL,
    region_id INTEGER REFERENCES regions (id)
);

CREATE TABLE organizations (
    id              INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,           -- gemeente, zorgaanbieder, school, ...
    UNIQUE (municipality_id, name)
);

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    username         TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    role             TEXT NOT NULL,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id),
    organization_id  INTEGER REFERENCES organizations (id),
    password_hash    TEXT,                   -- NULL: only single sign-on
    totp_secret      TEXT,                   -- base32; NULL until enrolled
    totp_last_step   INTEGER,                -- last accepted time step, blocks replay
    oidc_issuer      TEXT,
    oidc_subject     TEXT,
    disabled         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (oidc_issuer, oidc_subject)
);
CREATE INDEX users_municipality ON users (municipality_id);

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    id_hash            TEXT PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token         TEXT NOT NULL,
    second_factor_done INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    last_seen_at       TEXT NOT NULL,
    expires_at         TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed logins per login name (also for names that do not exist).
CREATE TABLE login_attempts (
    username     TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until TEXT
);

-- Append-only. hash = SHA-256(prev_hash, canonical content); see domain::audit.
CREATE TABLE audit_log (
    seq                   INTEGER PRIMARY KEY,
    at                    TEXT NOT NULL,
    actor_user_id         INTEGER,
    actor_username        TEXT,
    actor_role            TEXT,
    actor_organization_id INTEGER,
    municipality_id       INTEGER,
    action                TEXT NOT NULL,
    object_type           TEXT NOT NULL,
    object_id             TEXT,
    subject               TEXT,
    purpose               TEXT,
    legal_ground          TEXT,
    outcome               TEXT NOT NULL,
    detail                TEXT,
    prev_hash             TEXT NOT NULL,
    hash                  TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_subject ON audit_log (subject);
CREATE INDEX audit_log_at ON audit_log (at);

-- The head of the chain, one row. Appending locks it, which serialises writers
-- on both databases and lets `audit verify` notice rows cut off at the end.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Single sign-on logins in flight: state, nonce and PKCE verifier stay on the server.
CREATE TABLE oidc_logins (
    state         TEXT PRIMARY KEY,
    provider      TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
