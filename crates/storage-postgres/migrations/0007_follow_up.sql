-- The activity code carried-over money belongs to, when a grant table names another than the row's.
ALTER TABLE allocations ADD COLUMN carry_over_activity_code TEXT;

-- Follow-up kept beside the adjusted protocol, never in it: each member organisation's answer
-- to a recommendation (the item's recommendation at a position), and where an assignment stands.
CREATE TABLE recommendation_responses (
    item_id BIGINT NOT NULL REFERENCES items (id),
    position BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL,
    board TEXT,
    decided_on DATE,
    reference TEXT,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (item_id, position, organisation_id)
);

CREATE TABLE assignment_follow_ups (
    item_id BIGINT NOT NULL REFERENCES items (id),
    position BIGINT NOT NULL,
    status TEXT NOT NULL,
    note TEXT,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (item_id, position)
);
