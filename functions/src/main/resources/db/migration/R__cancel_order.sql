-- The owner cancels a CONFIRMED order: status, version, stock and outbox in one statement (one Data API
-- call, one transaction). The order row is locked first, so concurrent cancels of one order run one at a
-- time and the second finds it CANCELLED: the stock comes back once. Product rows are then locked in id
-- order, as place_order locks them, so cancels and orders cannot deadlock; the stock goes back to each
-- product's pool (R__stock.sql). Answers with an outcome:
--   NOT_FOUND (no such order of this user), CANCELLED (done now), ALREADY_CANCELLED (done before),
--   NOT_CANCELLABLE (shipped or delivered; carries the status), STOCK_OUT_OF_RANGE (returning the stock
--   would pass the 1e9 ceiling; nothing written).
CREATE OR REPLACE FUNCTION cancel_order(p_order_id uuid, p_user_id text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_order orders%ROWTYPE;
    v_over  uuid;
BEGIN
    SELECT * INTO v_order FROM orders WHERE id = p_order_id AND user_id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('outcome', 'NOT_FOUND');
    END IF;
    IF v_order.status = 'CANCELLED' THEN
        RETURN jsonb_build_object('outcome', 'ALREADY_CANCELLED', 'order', order_json(p_order_id));
    END IF;
    IF v_order.status <> 'CONFIRMED' THEN
        RETURN jsonb_build_object('outcome', 'NOT_CANCELLABLE', 'status', v_order.status);
    END IF;

    PERFORM 1 FROM products p
    WHERE p.id IN (SELECT i.product_id FROM order_items i WHERE i.order_id = p_order_id)
    ORDER BY p.id
    FOR UPDATE;

    SELECT p.id INTO v_over
    FROM order_items i JOIN products p ON p.id = i.product_id
    WHERE i.order_id = p_order_id AND p.stock::bigint + shard_stock(p.id) + i.quantity > 1000000000
    ORDER BY p.id
    LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'STOCK_OUT_OF_RANGE', 'productId', v_over);
    END IF;

    UPDATE products p SET stock = p.stock + i.quantity, updated_at = now()
    FROM order_items i
    WHERE i.order_id = p_order_id AND p.id = i.product_id;

    UPDATE orders SET status = 'CANCELLED', version = version + 1, updated_at = now() WHERE id = p_order_id;
    RETURN jsonb_build_object('outcome', 'CANCELLED', 'order', order_changed(p_order_id, 'CANCELLED'));
END
$$;
