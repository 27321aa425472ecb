-- report-understood-intents
-- The intent events in W and in the previous period P (on the channel, for a channel report): the
-- period (-1 for P, 0 for W) and whether the intent counts as understood under the chatbot's
-- settings, bound by the caller: its intent is none of :fallbackIntents and its score is at least
-- :understoodThreshold.
-- {{channelFilter}}: empty, or AND channel_id = :channel; {{notFallback}}: intent NOT IN
-- (:fallbackIntents), or TRUE when there are no fallback intents (an empty IN list is no SQL).
SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period,
       ({{notFallback}}) AND score >= :understoodThreshold AS understood
FROM intents
WHERE chatbot_no = :chatbotNo{{channelFilter}} AND ts BETWEEN :kpiFrom AND :to
