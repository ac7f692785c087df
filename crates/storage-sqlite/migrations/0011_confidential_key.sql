-- A secret per protocol that keys the digest of each confidential item in the canonical text,
-- so that the public text cannot be used to confirm a guess of what a secret item says.
-- Empty for protocols locked before it existed, whose digests stay plain SHA-256.
ALTER TABLE meetings ADD COLUMN confidential_key TEXT;
