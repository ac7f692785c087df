-- Documents rendered from an adjusted protocol (its PDFs), kept so that each is typeset once:
-- the key names the rendering (audience, verification address), the hash the content it shows.
CREATE TABLE renderings (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    rendered_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (meeting_id, variant)
);
