-- The baseline for benchmarks/flash-sale: place_order_unguarded as it was before the flash-sale work (main's
-- V2/V5): every order locks its product rows FOR UPDATE before checking stock, holds them through the inserts,
-- and waits for them without a bound; sold-out orders queue behind the same lock. It reads and writes
-- products.stock alone, so the benchmark runs it on a product whose stock is all in the pool (no shards).
-- FlashSale installs it for the "locking" runs and puts R__place_order.sql back afterwards.
CREATE OR REPLACE FUNCTION place_order_unguarded(p_order_id uuid, p_user_id text, p_key text, p_hash text, p_items jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_existing  orders%ROWTYPE;
    v_missing   uuid;
    v_archived  uuid;
    v_short     record;
    v_lines     integer;
    v_updated   integer;
    v_total     bigint;
BEGIN
    -- Requests with one idempotency key run one at a time; the second then finds the first's order.
    PERFORM pg_advisory_xact_lock(hashtextextended(p_user_id || E'\n' || p_key, 0));

    SELECT * INTO v_existing FROM orders WHERE user_id = p_user_id AND idempotency_key = p_key;
    IF FOUND THEN
        IF v_existing.request_hash <> p_hash THEN
            RETURN jsonb_build_object('outcome', 'KEY_REUSED');
        END IF;
        RETURN jsonb_build_object('outcome', 'EXISTING', 'order', order_json(v_existing.id));
    END IF;

    SELECT l.product_id INTO v_missing
    FROM order_lines(p_items) l
    WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = l.product_id)
    ORDER BY l.product_id
    LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'UNKNOWN_PRODUCT', 'productId', v_missing);
    END IF;

    PERFORM 1 FROM products p
    WHERE p.id IN (SELECT l.product_id FROM order_lines(p_items) l)
    ORDER BY p.id
    FOR UPDATE;

    SELECT p.id INTO v_archived
    FROM order_lines(p_items) l JOIN products p ON p.id = l.product_id
    WHERE p.archived_at IS NOT NULL
    ORDER BY p.id
    LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'PRODUCT_ARCHIVED', 'productId', v_archived);
    END IF;

    SELECT p.id, p.sku, p.stock, l.quantity INTO v_short
    FROM order_lines(p_items) l JOIN products p ON p.id = l.product_id
    WHERE p.stock < l.quantity
    ORDER BY p.id
    LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'OUT_OF_STOCK', 'productId', v_short.id, 'sku', v_short.sku,
                                  'available', v_short.stock, 'requested', v_short.quantity);
    END IF;

    SELECT count(*) INTO v_lines FROM order_lines(p_items);
    UPDATE products p SET stock = p.stock - l.quantity
    FROM order_lines(p_items) l
    WHERE p.id = l.product_id AND p.stock >= l.quantity;
    GET DIAGNOSTICS v_updated = ROW_COUNT;
    IF v_updated <> v_lines THEN
        RAISE EXCEPTION 'stock changed under lock (% of % lines)', v_updated, v_lines;
    END IF;

    SELECT sum(p.price_cents * l.quantity) INTO v_total
    FROM order_lines(p_items) l JOIN products p ON p.id = l.product_id;

    INSERT INTO orders (id, user_id, status, total_cents, idempotency_key, request_hash)
    VALUES (p_order_id, p_user_id, 'CONFIRMED', v_total, p_key, p_hash);

    INSERT INTO order_items (order_id, product_id, sku, quantity, unit_price_cents)
    SELECT p_order_id, p.id, p.sku, l.quantity, p.price_cents
    FROM order_lines(p_items) l JOIN products p ON p.id = l.product_id;

    INSERT INTO outbox (order_id, payload)
    VALUES (p_order_id, order_json(p_order_id) || jsonb_build_object('userId', p_user_id));

    RETURN jsonb_build_object('outcome', 'CREATED', 'order', order_json(p_order_id));
END
$$;
