-- Revenue per day of placement: orders not cancelled, at the prices they were placed at.
SELECT placed_on AS day, COUNT(DISTINCT order_id) AS orders, SUM(quantity * unit_price_cents) AS revenue_cents
FROM latest
WHERE status <> 'CANCELLED'
GROUP BY placed_on
ORDER BY placed_on
