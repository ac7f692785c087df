-- What was deleted of what OParl serves (meetings, and items as agenda items), so that their
-- addresses keep answering with a tombstone (deleted: true) and a client following a body's
-- changes (modified_since) learns of them. `parent_id` is a meeting's body, an item's meeting.
CREATE TABLE deletions (
    kind TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    parent_id INTEGER NOT NULL,
    created_at TIMESTAMP,
    deleted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, record_id)
);
CREATE INDEX deletions_by_parent ON deletions (kind, parent_id, deleted_at);
CREATE TRIGGER deletions_meeting AFTER DELETE ON meetings
BEGIN
    INSERT OR REPLACE INTO deletions (kind, record_id, parent_id, created_at, deleted_at)
    VALUES ('meeting', OLD.id, OLD.body_id, OLD.created_at, CURRENT_TIMESTAMP);
END;
-- A meeting changes when one of its items goes (OParl: the meeting's agenda changed).
CREATE TRIGGER deletions_item AFTER DELETE ON items
BEGIN
    INSERT OR REPLACE INTO deletions (kind, record_id, parent_id, created_at, deleted_at)
    VALUES ('item', OLD.id, OLD.meeting_id, OLD.created_at, CURRENT_TIMESTAMP);
    UPDATE meetings SET modified_at = CURRENT_TIMESTAMP WHERE id = OLD.meeting_id;
END;

-- A body's meetings by when they last changed, for OParl's modified_since.
CREATE INDEX meetings_by_body_and_change ON meetings (body_id, modified_at);
CREATE INDEX items_by_meeting_and_change ON items (meeting_id, modified_at);
