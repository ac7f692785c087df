-- The SHA-256 of the content an adjuster approved: an approval counts only while the protocol
-- still has that hash.
ALTER TABLE adjusters ADD COLUMN approved_sha256 TEXT;

-- An approval recorded before hashes were kept, of a protocol that is locked, was of the
-- content it locked with. An open protocol's older approvals stay without a hash: nobody can
-- say what they approved, so they count as void and are asked for again.
UPDATE adjusters SET approved_sha256 = (
    SELECT m.content_sha256 FROM meetings m
    WHERE m.id = adjusters.meeting_id AND m.status IN ('adjusted', 'published')
) WHERE approved_at IS NOT NULL;
