-- How an item was decided (beslutsunderlag, jäv, yrkanden, propositionsordning, omröstning,
-- reservationer, protokollsanteckningar) as one JSON document; '{}' for items without them.
ALTER TABLE items ADD COLUMN proceedings TEXT NOT NULL DEFAULT '{}';

-- Old protocols uploaded in the web, kept with their source (in files) and a reviewer's
-- corrections (JSON) until a secretary stores them as adjusted history or discards them.
CREATE TABLE pending_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body_id BIGINT NOT NULL REFERENCES bodies (id),
    version BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    corrections TEXT NOT NULL
);
CREATE UNIQUE INDEX pending_imports_by_source ON pending_imports (source_sha256);
CREATE INDEX pending_imports_by_body ON pending_imports (body_id, id);
CREATE INDEX meetings_by_source ON meetings (source_sha256);
