-- What was deleted of what OParl serves (meetings, and items as agenda items), so that their
-- addresses keep answering with a tombstone (deleted: true) and a client following a body's
-- changes (modified_since) learns of them. `parent_id` is a meeting's body, an item's meeting.
CREATE TABLE deletions (
    kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    parent_id BIGINT NOT NULL,
    created_at TIMESTAMPTZ,
    deleted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, record_id)
);
CREATE INDEX deletions_by_parent ON deletions (kind, parent_id, deleted_at);
CREATE FUNCTION log_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'meetings' THEN
        INSERT INTO deletions (kind, record_id, parent_id, created_at, deleted_at)
        VALUES ('meeting', OLD.id, OLD.body_id, OLD.created_at, now())
        ON CONFLICT (kind, record_id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at;
    ELSE
        INSERT INTO deletions (kind, record_id, parent_id, created_at, deleted_at)
        VALUES ('item', OLD.id, OLD.meeting_id, OLD.created_at, now())
        ON CONFLICT (kind, record_id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at;
        -- A meeting changes when one of its items goes (OParl: the meeting's agenda changed).
        UPDATE meetings SET modified_at = now() WHERE id = OLD.meeting_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER deletions_meeting AFTER DELETE ON meetings FOR EACH ROW EXECUTE FUNCTION log_deletion();
CREATE TRIGGER deletions_item AFTER DELETE ON items FOR EACH ROW EXECUTE FUNCTION log_deletion();

-- A body's meetings by when they last changed, for OParl's modified_since.
CREATE INDEX meetings_by_body_and_change ON meetings (body_id, modified_at);
CREATE INDEX items_by_meeting_and_change ON items (meeting_id, modified_at);
