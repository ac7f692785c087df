-- How an item was decided (beslutsunderlag, jäv, yrkanden, propositionsordning, omröstning,
-- reservationer, protokollsanteckningar) as one JSON document; '{}' for items without them.
ALTER TABLE items ADD COLUMN proceedings TEXT NOT NULL DEFAULT '{}';
