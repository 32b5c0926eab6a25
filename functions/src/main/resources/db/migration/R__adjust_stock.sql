-- Adjusts stock by a relative delta in one statement (one Data API call, one transaction). It first
-- gathers the product's shards into its pool (gather_stock, R__stock.sql), holding the pool and every
-- shard, so the guard and the ledger's stock_after read the product's whole stock, exactly, while orders
-- for it wait (at most their lock_timeout): never below 0, never above 1e9. Answers with the outcome and the
-- product as it is afterwards; a refusal writes nothing.
CREATE OR REPLACE FUNCTION adjust_stock(p_id uuid, p_product_id uuid, p_delta integer, p_reason text, p_admin_id text)
RETURNS TABLE (outcome text, id uuid, sku text, name text, description text, price_cents bigint, stock integer,
               version bigint, archived boolean, image_key text)
LANGUAGE plpgsql AS $$
DECLARE
    v_stock integer;
BEGIN
    v_stock := gather_stock(p_product_id);
    IF v_stock IS NULL THEN
        RETURN QUERY SELECT 'NOT_FOUND'::text, NULL::uuid, NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::integer,
                            NULL::bigint, NULL::boolean, NULL::text;
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM stock_adjustments a WHERE a.id = p_id) THEN
        outcome := 'APPLIED';
    ELSIF v_stock::bigint + p_delta < 0 OR v_stock::bigint + p_delta > 1000000000 THEN
        outcome := 'OUT_OF_RANGE';
    ELSE
        UPDATE products p SET stock = p.stock + p_delta, updated_at = now()
        WHERE p.id = p_product_id AND p.stock + p_delta >= 0;
        INSERT INTO stock_adjustments (id, product_id, delta, reason, stock_after, admin_id)
        VALUES (p_id, p_product_id, p_delta, p_reason, v_stock + p_delta, p_admin_id);
        outcome := 'APPLIED';
    END IF;
    RETURN QUERY SELECT outcome, p.id, p.sku, p.name, p.description, p.price_cents, p.stock + shard_stock(p.id), p.version,
                        p.archived_at IS NOT NULL, p.image_key
                 FROM products p WHERE p.id = p_product_id;
END
$$;
