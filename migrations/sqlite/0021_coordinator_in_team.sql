-- The coordinator of a case is always in its team: opening a case and
-- handing it over add them (`toegang::open_case`, `plan::hand_over`). This
-- adds any coordinator an older row lacks, so "Mijn trajecten" can read a
-- worker's cases from the team alone: one index range (case_team_user_case),
-- no union with the coordinated cases.
INSERT INTO case_team (case_id, user_id)
SELECT c.id, c.coordinator_id FROM cases c
WHERE c.coordinator_id IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.user_id = c.coordinator_id
  );
