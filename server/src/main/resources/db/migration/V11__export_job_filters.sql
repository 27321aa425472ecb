-- V11: an export job keeps the filters of its segment (key:value, as validated when it was made), so
-- that a job run again after a restart exports the same conversations. Empty: every conversation.
ALTER TABLE export_jobs ADD COLUMN filters VARCHAR[] DEFAULT [];
