-- The SHA-256 of the content an adjuster approved: an approval counts only while the protocol
-- still has that hash.
ALTER TABLE adjusters ADD COLUMN approved_sha256 TEXT;
