-- An order as the API returns it.
CREATE OR REPLACE FUNCTION order_json(p_order_id uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'orderId', o.id,
        'status', o.status,
        'version', o.version,
        'totalCents', o.total_cents,
        'items', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                       'productId', i.product_id,
                       'sku', i.sku,
                       'quantity', i.quantity,
                       'unitPriceCents', i.unit_price_cents) ORDER BY i.sku, i.product_id)
            FROM order_items i
            WHERE i.order_id = o.id), '[]'::jsonb),
        'createdAt', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    FROM orders o
    WHERE o.id = p_order_id
$$;
