-- How residents reach their municipality (issue 15): shown in the footer of
-- every public page, and the settings of the privacy and accessibility
-- statements. Empty text: not given yet.

ALTER TABLE municipalities ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN contact_visiting_address TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN contact_postal_address TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN contact_opening_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN contact_website TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN privacy_email TEXT NOT NULL DEFAULT '';
-- 'volledig' or 'gedeeltelijk' (the Dutch model's A and B).
ALTER TABLE municipalities ADD COLUMN accessibility_status TEXT NOT NULL DEFAULT 'gedeeltelijk';
-- YYYY-MM-DD; none: not checked yet.
ALTER TABLE municipalities ADD COLUMN accessibility_checked_on TEXT;
