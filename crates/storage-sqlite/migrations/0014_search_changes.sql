-- Every change to what search sees, appended by triggers in the same transaction as the
-- change itself, so that every server process (and the CLI) can bring its own index up to
-- date by reading what it has not applied yet.
CREATE TABLE search_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id BIGINT NOT NULL
);
CREATE TRIGGER search_changes_item_insert AFTER INSERT ON items
BEGIN INSERT INTO search_changes (meeting_id) VALUES (NEW.meeting_id); END;
CREATE TRIGGER search_changes_item_update AFTER UPDATE ON items
BEGIN INSERT INTO search_changes (meeting_id) VALUES (NEW.meeting_id); END;
CREATE TRIGGER search_changes_item_delete AFTER DELETE ON items
BEGIN INSERT INTO search_changes (meeting_id) VALUES (OLD.meeting_id); END;
CREATE TRIGGER search_changes_meeting_insert AFTER INSERT ON meetings
BEGIN INSERT INTO search_changes (meeting_id) VALUES (NEW.id); END;
CREATE TRIGGER search_changes_meeting_update AFTER UPDATE ON meetings
BEGIN INSERT INTO search_changes (meeting_id) VALUES (NEW.id); END;
