-- Orders placed per UTC hour (cancelled ones included: they were placed).
SELECT placed_on AS day, placed_hour AS hour, COUNT(DISTINCT order_id) AS orders
FROM latest
GROUP BY placed_on, placed_hour
ORDER BY placed_on, placed_hour
