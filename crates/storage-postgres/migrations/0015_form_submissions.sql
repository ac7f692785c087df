-- Each form that creates something carries a one-time token; the first submission claims it,
-- so a form sent twice (a double click, a reload) creates once. Kept in the database so that
-- every server sees the claim.
CREATE TABLE form_submissions (
    token TEXT PRIMARY KEY,
    claimed_at TIMESTAMPTZ NOT NULL,
    -- Where the first submission led, once it is done.
    location TEXT
);
CREATE INDEX form_submissions_by_age ON form_submissions (claimed_at);

-- A deleted meeting leaves search too (a meeting with items also logs each item's deletion).
CREATE FUNCTION log_meeting_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (meeting_id) VALUES (OLD.id);
    PERFORM pg_notify('samverkan_search_changes', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_changes_meeting_delete AFTER DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION log_meeting_deletion();

-- A person's own start page reads their memberships and the assignments to them.
CREATE INDEX memberships_by_person ON memberships (person_id);
CREATE INDEX assignments_by_person ON assignments (assignee_person_id);

-- A body may carry its own logo (a stored file) on its pages and documents.
ALTER TABLE bodies ADD COLUMN logo_sha256 TEXT;

-- When each record was made and last changed, kept by triggers (OParl's created/modified).
-- Records older than this migration count as made and changed when it ran.
CREATE FUNCTION stamp_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.created_at := now();
    ELSE
        NEW.created_at := OLD.created_at;
    END IF;
    NEW.modified_at := now();
    RETURN NEW;
END;
$$;
ALTER TABLE bodies ADD COLUMN created_at TIMESTAMPTZ;
ALTER TABLE bodies ADD COLUMN modified_at TIMESTAMPTZ;
UPDATE bodies SET created_at = now(), modified_at = now();
CREATE TRIGGER bodies_stamped BEFORE INSERT OR UPDATE ON bodies FOR EACH ROW EXECUTE FUNCTION stamp_record();
ALTER TABLE organisations ADD COLUMN created_at TIMESTAMPTZ;
ALTER TABLE organisations ADD COLUMN modified_at TIMESTAMPTZ;
UPDATE organisations SET created_at = now(), modified_at = now();
CREATE TRIGGER organisations_stamped BEFORE INSERT OR UPDATE ON organisations FOR EACH ROW EXECUTE FUNCTION stamp_record();
ALTER TABLE persons ADD COLUMN created_at TIMESTAMPTZ;
ALTER TABLE persons ADD COLUMN modified_at TIMESTAMPTZ;
UPDATE persons SET created_at = now(), modified_at = now();
CREATE TRIGGER persons_stamped BEFORE INSERT OR UPDATE ON persons FOR EACH ROW EXECUTE FUNCTION stamp_record();
ALTER TABLE memberships ADD COLUMN created_at TIMESTAMPTZ;
ALTER TABLE memberships ADD COLUMN modified_at TIMESTAMPTZ;
UPDATE memberships SET created_at = now(), modified_at = now();
CREATE TRIGGER memberships_stamped BEFORE INSERT OR UPDATE ON memberships FOR EACH ROW EXECUTE FUNCTION stamp_record();
ALTER TABLE meetings ADD COLUMN created_at TIMESTAMPTZ;
ALTER TABLE meetings ADD COLUMN modified_at TIMESTAMPTZ;
UPDATE meetings SET created_at = now(), modified_at = now();
CREATE TRIGGER meetings_stamped BEFORE INSERT OR UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION stamp_record();
ALTER TABLE items ADD COLUMN created_at TIMESTAMPTZ;
ALTER TABLE items ADD COLUMN modified_at TIMESTAMPTZ;
UPDATE items SET created_at = now(), modified_at = now();
CREATE TRIGGER items_stamped BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION stamp_record();

-- The secret in the address of a person's own calendar subscription, made when first asked for.
ALTER TABLE users ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX users_by_calendar_token ON users (calendar_token);
