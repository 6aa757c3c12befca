-- Long lists cut in the database (issue 16).
--
-- "Mijn trajecten" sorts a worker's cases by their next open moment: the
-- earliest due date of a case's open moments is one seek here.
CREATE INDEX case_moments_open ON case_moments (case_id, due_date, id) WHERE done_on IS NULL;
-- A worker's cases through the team, without touching the table.
CREATE INDEX case_team_user_case ON case_team (user_id, case_id);
DROP INDEX case_team_user;

-- The audit log filtered by worker or organisation, newest first.
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, seq);
CREATE INDEX audit_log_organization ON audit_log (actor_organization_id, seq);
