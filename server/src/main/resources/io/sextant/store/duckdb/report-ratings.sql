-- report-ratings
-- The rating events in W and in the previous period P (on the channel, for a channel report): the
-- period (-1 for P, 0 for W) and the rating's key, its score ('1' to '5') or its thumbs ('up', 'down').
-- {{channelFilter}}: empty, or AND channel_id = :channel.
SELECT CASE WHEN ts < :from THEN -1 ELSE 0 END AS period, coalesce(CAST(score AS VARCHAR), thumbs) AS key
FROM ratings
WHERE chatbot_no = :chatbotNo{{channelFilter}} AND ts BETWEEN :kpiFrom AND :to
