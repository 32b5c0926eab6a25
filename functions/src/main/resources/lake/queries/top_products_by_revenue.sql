-- The ten products that brought in most (orders not cancelled); ties by product id.
SELECT product_id, sku, SUM(quantity) AS units, SUM(quantity * unit_price_cents) AS revenue_cents
FROM latest
WHERE status <> 'CANCELLED'
GROUP BY product_id, sku
ORDER BY revenue_cents DESC, product_id, sku
LIMIT 10
