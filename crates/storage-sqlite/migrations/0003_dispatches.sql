-- Notices and protocol extracts sent about a meeting.
CREATE TABLE dispatches (
    id INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    item_id BIGINT REFERENCES items (id),
    subject TEXT NOT NULL,
    recipients TEXT NOT NULL,
    sent_by TEXT,
    sent_at TIMESTAMP NOT NULL
);
CREATE INDEX dispatches_meeting ON dispatches (meeting_id);
