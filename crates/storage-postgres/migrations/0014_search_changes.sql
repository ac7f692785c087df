-- Every change to what search sees, appended by triggers in the same transaction as the
-- change itself, so that every server process (and the CLI) can bring its own index up to
-- date by reading what it has not applied yet; servers are also woken by NOTIFY.
CREATE TABLE search_changes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL
);

CREATE FUNCTION log_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'meetings' THEN
        INSERT INTO search_changes (meeting_id) VALUES (NEW.id);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO search_changes (meeting_id) VALUES (OLD.meeting_id);
    ELSE
        INSERT INTO search_changes (meeting_id) VALUES (NEW.meeting_id);
    END IF;
    PERFORM pg_notify('samverkan_search_changes', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_changes_items AFTER INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION log_search_change();
CREATE TRIGGER search_changes_meetings AFTER INSERT OR UPDATE ON meetings
    FOR EACH ROW EXECUTE FUNCTION log_search_change();
