-- V8: a step's label is the chatbot's latest name for it, whatever channel sent it (SPEC §3), so
-- only the all-channels rows ('') are kept; the per-channel rows answered null in a channel report
-- whose steps were named on another channel.

DELETE FROM step_labels WHERE channel_id <> '';
