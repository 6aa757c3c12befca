-- Trust (issue 11): municipalities sealed off from each other, logins that hold.

-- A user acts for their home municipality (users.municipality_id) and for every
-- municipality granted here explicitly. Sharing a region grants nothing; each
-- grant names who gave it and when, and is written to the audit log too.
CREATE TABLE user_municipalities (
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    granted_by      INTEGER REFERENCES users (id),
    granted_at      TEXT NOT NULL,
    PRIMARY KEY (user_id, municipality_id)
);
CREATE INDEX user_municipalities_municipality ON user_municipalities (municipality_id);

-- Wrong second-factor codes on one pending login; at the limit the pending
-- session ends and the login counts as a failed one.
ALTER TABLE sessions ADD COLUMN second_factor_failures INTEGER NOT NULL DEFAULT 0;

-- The administrator's audit page lists one municipality's rows, newest first.
CREATE INDEX audit_log_municipality ON audit_log (municipality_id, seq);
