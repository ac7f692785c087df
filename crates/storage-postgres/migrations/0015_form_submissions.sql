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
