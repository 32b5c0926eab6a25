-- The request's lines, one per product (duplicates summed).
CREATE OR REPLACE FUNCTION order_lines(p_items jsonb) RETURNS TABLE (product_id uuid, quantity integer)
LANGUAGE sql IMMUTABLE AS $$
    SELECT (line ->> 'productId')::uuid, sum((line ->> 'quantity')::integer)::integer
    FROM jsonb_array_elements(p_items) AS line
    GROUP BY 1
$$;
