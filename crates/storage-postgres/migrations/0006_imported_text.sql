-- Text of a protocol outside its items (an imported protocol's signature statement and the like).
ALTER TABLE meetings ADD COLUMN remarks TEXT NOT NULL DEFAULT '[]';
-- The organisation an attendee came from, as the protocol writes it.
ALTER TABLE attendance ADD COLUMN organisation TEXT;
