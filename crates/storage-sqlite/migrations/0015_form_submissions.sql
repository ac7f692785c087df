-- Each form that creates something carries a one-time token; the first submission claims it,
-- so a form sent twice (a double click, a reload) creates once. Kept in the database so that
-- every server sees the claim.
CREATE TABLE form_submissions (
    token TEXT PRIMARY KEY,
    claimed_at TIMESTAMP NOT NULL,
    -- Where the first submission led, once it is done.
    location TEXT
);
CREATE INDEX form_submissions_by_age ON form_submissions (claimed_at);

-- A deleted meeting leaves search too (a meeting with items also logs each item's deletion).
CREATE TRIGGER search_changes_meeting_delete AFTER DELETE ON meetings
BEGIN INSERT INTO search_changes (meeting_id) VALUES (OLD.id); END;

-- A person's own start page reads their memberships and the assignments to them.
CREATE INDEX memberships_by_person ON memberships (person_id);
CREATE INDEX assignments_by_person ON assignments (assignee_person_id);

-- A body may carry its own logo (a stored file) on its pages and documents.
ALTER TABLE bodies ADD COLUMN logo_sha256 TEXT;
