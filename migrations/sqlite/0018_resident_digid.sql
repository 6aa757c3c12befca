-- Residents' DigiD login and a /mijn that helps (issue 15).
--
-- A session opened by a parent acting for a child (DigiD Machtigen) keeps
-- who acts, so every audit row of that session can say who acted for whom.
ALTER TABLE resident_sessions ADD COLUMN acting_member_id INTEGER REFERENCES household_members (id);
-- The member who asked a question from their own view (null: not known).
ALTER TABLE questions ADD COLUMN asked_by_member INTEGER REFERENCES household_members (id);
CREATE INDEX questions_asked_by_member ON questions (asked_by_member);
-- "Who looked at my file": a household's audit rows newest first, in pages.
CREATE INDEX audit_log_subject_seq ON audit_log (subject, seq);
