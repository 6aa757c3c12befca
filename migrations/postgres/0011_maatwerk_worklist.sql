-- The maatwerk worklist (issue 12) keeps, of a municipality's open paths,
-- those of households the worker is on the team of a case of. Per open path
-- that is a lookup of the household's cases and then of the team row; without
-- this index SQLite instead walks every case of the worker for every open
-- path (`kompas bench maatwerk`: 10 000 open paths, a caseload of 150).
-- Numbered 11: 10 is the maatwerk catalogue's.

CREATE INDEX cases_household ON cases (household_id);
