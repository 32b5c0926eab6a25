-- Per day of placement: orders placed, how many are now cancelled, and the share (4 decimals).
SELECT placed_on AS day,
       COUNT(DISTINCT order_id) AS orders,
       COUNT(DISTINCT CASE WHEN status = 'CANCELLED' THEN order_id END) AS cancelled,
       ROUND(CAST(COUNT(DISTINCT CASE WHEN status = 'CANCELLED' THEN order_id END) AS DOUBLE) / COUNT(DISTINCT order_id), 4) AS rate
FROM latest
GROUP BY placed_on
ORDER BY placed_on
