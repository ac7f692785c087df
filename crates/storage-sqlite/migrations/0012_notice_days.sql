-- How long a body's adjusted protocols stay on the notice board: three weeks unless the body
-- follows a rule of its own.
ALTER TABLE bodies ADD COLUMN notice_days INTEGER NOT NULL DEFAULT 21;

-- The notice board asks for the notices up on a day; the start page for each person's
-- protocols to adjust.
CREATE INDEX meetings_by_posting ON meetings (published_on);
CREATE INDEX adjusters_by_person ON adjusters (person_id);
-- A body's archive is read a year at a time.
CREATE INDEX meetings_by_body_and_date ON meetings (body_id, date);
