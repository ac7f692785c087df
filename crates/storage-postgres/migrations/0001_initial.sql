-- Samverkan's initial schema for PostgreSQL. Never edit after it has landed: add a new migration.
-- Lists without identity of their own are JSON text; amounts are integer öre.

CREATE TABLE organisations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('region', 'kommun', 'regionforbund', 'other')),
    reference_code TEXT,
    population BIGINT,
    population_year BIGINT
);
CREATE UNIQUE INDEX organisations_reference_code ON organisations (kind, reference_code)
    WHERE reference_code IS NOT NULL;

CREATE TABLE persons (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    title TEXT,
    email TEXT
);

CREATE TABLE bodies (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL,
    parent_id BIGINT REFERENCES bodies (id),
    county_code TEXT,
    numbering TEXT NOT NULL CHECK (numbering IN ('per_year', 'per_meeting')),
    description TEXT
);

CREATE TABLE memberships (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id BIGINT NOT NULL REFERENCES bodies (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    organisation_id BIGINT REFERENCES organisations (id),
    role TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE,
    CHECK (period_end IS NULL OR period_end >= period_start)
);
CREATE INDEX memberships_body ON memberships (body_id);

CREATE TABLE meetings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id BIGINT NOT NULL REFERENCES bodies (id),
    version BIGINT NOT NULL,
    date DATE NOT NULL,
    start_time TIME WITHOUT TIME ZONE,
    end_time TIME WITHOUT TIME ZONE,
    place TEXT,
    video_link TEXT,
    status TEXT NOT NULL,
    secretary TEXT,
    adjustment_place TEXT,
    adjustment_date DATE,
    content_sha256 TEXT,
    locked_at TIMESTAMPTZ,
    published_on DATE,
    taken_down_on DATE,
    source_file_name TEXT,
    source_sha256 TEXT,
    imported_at TIMESTAMPTZ,
    next_meetings TEXT NOT NULL
);
CREATE INDEX meetings_body_date ON meetings (body_id, date);

CREATE TABLE attendance (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    person_id BIGINT REFERENCES persons (id),
    organisation_id BIGINT REFERENCES organisations (id),
    name TEXT,
    title TEXT,
    role TEXT,
    voting BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    presence TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE adjusters (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    person_id BIGINT REFERENCES persons (id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    approved_at TIMESTAMPTZ,
    comment TEXT,
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    version BIGINT NOT NULL,
    position BIGINT NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    presenters TEXT NOT NULL,
    notes TEXT NOT NULL,
    decision TEXT,
    outcome TEXT,
    distribution TEXT NOT NULL,
    confidential BOOLEAN NOT NULL,
    follows_up BIGINT REFERENCES items (id)
);
CREATE INDEX items_meeting ON items (meeting_id, position);

CREATE TABLE recommendations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    addressees TEXT NOT NULL
);
CREATE INDEX recommendations_item ON recommendations (item_id);

CREATE TABLE assignments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    assignee TEXT NOT NULL,
    assignee_person_id BIGINT REFERENCES persons (id),
    assignee_organisation_id BIGINT REFERENCES organisations (id),
    task TEXT NOT NULL,
    due_kind TEXT,
    due_date DATE,
    due_year BIGINT,
    due_month BIGINT,
    due_meeting_id BIGINT REFERENCES meetings (id),
    status TEXT NOT NULL
);
CREATE INDEX assignments_item ON assignments (item_id);
CREATE INDEX assignments_due_meeting ON assignments (due_meeting_id);

CREATE TABLE attachments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    label TEXT NOT NULL,
    title TEXT NOT NULL,
    file_sha256 TEXT,
    file_name TEXT,
    media_type TEXT
);
CREATE INDEX attachments_item ON attachments (item_id);

CREATE TABLE grants (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id BIGINT NOT NULL REFERENCES bodies (id),
    name TEXT NOT NULL,
    year BIGINT NOT NULL,
    total BIGINT CHECK (total >= 0)
);

CREATE TABLE allocations (
    grant_id BIGINT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    decided_on DATE,
    decided_at_item BIGINT REFERENCES items (id),
    purpose TEXT,
    amount BIGINT NOT NULL CHECK (amount >= 0),
    activity_code TEXT,
    recipient TEXT,
    comment TEXT,
    carry_over BIGINT CHECK (carry_over >= 0),
    carry_over_from_year BIGINT,
    PRIMARY KEY (grant_id, position)
);

CREATE TABLE cost_shares (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id BIGINT NOT NULL REFERENCES bodies (id),
    decided_at_item BIGINT REFERENCES items (id),
    title TEXT NOT NULL,
    total BIGINT NOT NULL CHECK (total >= 0),
    key_kind TEXT NOT NULL,
    key_year BIGINT,
    key_hourly_rate BIGINT
);

CREATE TABLE cost_share_parts (
    cost_share_id BIGINT NOT NULL REFERENCES cost_shares (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    payer TEXT NOT NULL,
    basis TEXT,
    amount BIGINT NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (cost_share_id, position)
);

CREATE TABLE agreements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id BIGINT NOT NULL REFERENCES bodies (id),
    title TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE,
    yearly_duty TEXT,
    yearly_duty_month BIGINT CHECK (yearly_duty_month BETWEEN 1 AND 12),
    CHECK (period_end IS NULL OR period_end >= period_start)
);

CREATE TABLE agreement_parties (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (agreement_id, position)
);

CREATE TABLE agreement_extensions (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    until DATE NOT NULL,
    decided_at_item BIGINT REFERENCES items (id),
    note TEXT,
    PRIMARY KEY (agreement_id, position)
);

CREATE TABLE agreement_parameters (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    year BIGINT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    unit TEXT,
    decided_at_item BIGINT REFERENCES items (id),
    PRIMARY KEY (agreement_id, position)
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'secretary', 'member')),
    person_id BIGINT REFERENCES persons (id),
    created_at TIMESTAMPTZ NOT NULL
);
