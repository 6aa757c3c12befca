-- The audit log kept two indexes that start with `subject`: (subject), from
-- the start, and (subject, seq), from 0018, which answers every look-up the
-- first one did. Each index on `subject` is written at a random place for
-- every audited row (a list of fifty households writes fifty), so the
-- redundant one doubled that cost of every read that is audited (issue 16).
DROP INDEX audit_log_subject;
