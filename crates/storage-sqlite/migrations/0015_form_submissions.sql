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

-- When each record was made and last changed, kept by triggers (OParl's created/modified).
-- Records older than this migration count as made and changed when it ran.
ALTER TABLE bodies ADD COLUMN created_at TIMESTAMP;
ALTER TABLE bodies ADD COLUMN modified_at TIMESTAMP;
UPDATE bodies SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP;
CREATE TRIGGER bodies_created AFTER INSERT ON bodies
BEGIN UPDATE bodies SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
CREATE TRIGGER bodies_modified AFTER UPDATE ON bodies WHEN NEW.modified_at IS OLD.modified_at
BEGIN UPDATE bodies SET modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
ALTER TABLE organisations ADD COLUMN created_at TIMESTAMP;
ALTER TABLE organisations ADD COLUMN modified_at TIMESTAMP;
UPDATE organisations SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP;
CREATE TRIGGER organisations_created AFTER INSERT ON organisations
BEGIN UPDATE organisations SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
CREATE TRIGGER organisations_modified AFTER UPDATE ON organisations WHEN NEW.modified_at IS OLD.modified_at
BEGIN UPDATE organisations SET modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
ALTER TABLE persons ADD COLUMN created_at TIMESTAMP;
ALTER TABLE persons ADD COLUMN modified_at TIMESTAMP;
UPDATE persons SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP;
CREATE TRIGGER persons_created AFTER INSERT ON persons
BEGIN UPDATE persons SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
CREATE TRIGGER persons_modified AFTER UPDATE ON persons WHEN NEW.modified_at IS OLD.modified_at
BEGIN UPDATE persons SET modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
ALTER TABLE memberships ADD COLUMN created_at TIMESTAMP;
ALTER TABLE memberships ADD COLUMN modified_at TIMESTAMP;
UPDATE memberships SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP;
CREATE TRIGGER memberships_created AFTER INSERT ON memberships
BEGIN UPDATE memberships SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
CREATE TRIGGER memberships_modified AFTER UPDATE ON memberships WHEN NEW.modified_at IS OLD.modified_at
BEGIN UPDATE memberships SET modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
ALTER TABLE meetings ADD COLUMN created_at TIMESTAMP;
ALTER TABLE meetings ADD COLUMN modified_at TIMESTAMP;
UPDATE meetings SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP;
CREATE TRIGGER meetings_created AFTER INSERT ON meetings
BEGIN UPDATE meetings SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
CREATE TRIGGER meetings_modified AFTER UPDATE ON meetings WHEN NEW.modified_at IS OLD.modified_at
BEGIN UPDATE meetings SET modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
ALTER TABLE items ADD COLUMN created_at TIMESTAMP;
ALTER TABLE items ADD COLUMN modified_at TIMESTAMP;
UPDATE items SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP;
CREATE TRIGGER items_created AFTER INSERT ON items
BEGIN UPDATE items SET created_at = CURRENT_TIMESTAMP, modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
CREATE TRIGGER items_modified AFTER UPDATE ON items WHEN NEW.modified_at IS OLD.modified_at
BEGIN UPDATE items SET modified_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;

-- The secret in the address of a person's own calendar subscription, made when first asked for.
ALTER TABLE users ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX users_by_calendar_token ON users (calendar_token);
