-- Attachment files, stored once per content and named by their SHA-256.
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content BLOB NOT NULL,
    stored_at TIMESTAMP NOT NULL
);
