-- "Mijn trajecten" at scale (issue 16): a case keeps its next open moment
-- (the earliest due evaluation or aftercare contact not yet done), written
-- by the store whenever a moment is added or done, so that sorting a
-- worker's list reads columns instead of one subquery per case.
ALTER TABLE cases ADD COLUMN next_due TEXT;
ALTER TABLE cases ADD COLUMN next_kind TEXT;

UPDATE cases SET
  next_due = (SELECT k.due_date FROM case_moments k
              WHERE k.case_id = cases.id AND k.done_on IS NULL
              ORDER BY k.due_date, k.id LIMIT 1),
  next_kind = (SELECT k.kind FROM case_moments k
               WHERE k.case_id = cases.id AND k.done_on IS NULL
               ORDER BY k.due_date, k.id LIMIT 1);

-- A team lead's list: the municipality's cases in list order.
CREATE INDEX cases_next_moment ON cases (municipality_id, next_due, id);
