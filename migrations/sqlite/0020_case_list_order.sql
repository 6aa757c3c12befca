-- "Mijn trajecten" for a team lead (issue 16): the municipality's cases are
-- read in list order straight from an index, so a page of fifty costs the
-- same at case 20 000 as at case 1. The expressions are those of
-- `plan_list::CaseSort::order_by`, written the same way, so both databases
-- match them to the ORDER BY; they replace the index of 0019.
DROP INDEX cases_next_moment;

CREATE INDEX cases_list_by_moment ON cases (
  municipality_id,
  (CASE WHEN status = 'afgesloten' THEN 1 ELSE 0 END),
  (CASE WHEN next_due IS NULL THEN 1 ELSE 0 END),
  next_due,
  id DESC);

CREATE INDEX cases_list_by_status ON cases (
  municipality_id,
  (CASE status WHEN 'open' THEN 0 WHEN 'lopend' THEN 1 WHEN 'nazorg' THEN 2 ELSE 3 END),
  (CASE WHEN next_due IS NULL THEN 1 ELSE 0 END),
  next_due,
  id DESC);

CREATE INDEX cases_list_by_household ON cases (municipality_id, household_id, id DESC);
