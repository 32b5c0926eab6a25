-- The order lifecycle: CONFIRMED → SHIPPED → DELIVERED (administrators), CONFIRMED → CANCELLED (the owner,
-- stock returned). Every change bumps the order's version and writes one outbox row carrying it, so the
-- DynamoDB summary can refuse an event older than what it already shows.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('CONFIRMED', 'CANCELLED', 'SHIPPED', 'DELIVERED'));
ALTER TABLE orders
    ADD COLUMN version    bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Which change a row records and the order's version after it. Rows written before this migration were
-- all creations (version 1). order_id and published_at keep their meaning: a row is done once projected.
ALTER TABLE outbox
    ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    ADD COLUMN event   text   NOT NULL DEFAULT 'CREATED' CHECK (event IN ('CREATED', 'CANCELLED', 'SHIPPED', 'DELIVERED'));
-- One row per change: a repeated statement can never record a change twice.
CREATE UNIQUE INDEX outbox_order_version ON outbox (order_id, version);

-- An order as the API returns it, now with its version.
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

-- Records a change already applied to the locked order row: the outbox row for its new version.
CREATE FUNCTION order_changed(p_order_id uuid, p_event text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_order orders%ROWTYPE;
BEGIN
    SELECT * INTO v_order FROM orders WHERE id = p_order_id;
    INSERT INTO outbox (order_id, payload, version, event)
    VALUES (p_order_id, order_json(p_order_id) || jsonb_build_object('userId', v_order.user_id), v_order.version, p_event);
    RETURN order_json(p_order_id);
END
$$;

-- The owner cancels a CONFIRMED order: status, version, stock and outbox in one statement (one Data API
-- call, one transaction). The order row is locked first, so concurrent cancels of one order run one at a
-- time and the second finds it CANCELLED: the stock comes back once. Product rows are then locked in id
-- order, as place_order locks them, so cancels and orders cannot deadlock. Answers with an outcome:
--   NOT_FOUND (no such order of this user), CANCELLED (done now), ALREADY_CANCELLED (done before),
--   NOT_CANCELLABLE (shipped or delivered; carries the status), STOCK_OUT_OF_RANGE (returning the stock
--   would pass the 1e9 ceiling; nothing written).
CREATE FUNCTION cancel_order(p_order_id uuid, p_user_id text) RETURNS jsonb
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
    WHERE i.order_id = p_order_id AND p.stock::bigint + i.quantity > 1000000000
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

-- An administrator's move of any order from p_from to p_to (the Java domain decides which moves exist;
-- this is their compare-and-set under the row lock; p_from NULL: no move reaches p_to). Outcomes:
-- NOT_FOUND, CHANGED, UNCHANGED (already p_to: a repeated request or a Data API retry), CONFLICT (in
-- another status, or no move reaches p_to; carries the current status).
CREATE FUNCTION set_order_status(p_order_id uuid, p_from text, p_to text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_order orders%ROWTYPE;
BEGIN
    SELECT * INTO v_order FROM orders WHERE id = p_order_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('outcome', 'NOT_FOUND');
    END IF;
    IF p_from IS NULL THEN
        RETURN jsonb_build_object('outcome', 'CONFLICT', 'status', v_order.status);
    END IF;
    IF v_order.status = p_to THEN
        RETURN jsonb_build_object('outcome', 'UNCHANGED', 'order', order_json(p_order_id));
    END IF;
    IF v_order.status <> p_from THEN
        RETURN jsonb_build_object('outcome', 'CONFLICT', 'status', v_order.status);
    END IF;
    UPDATE orders SET status = p_to, version = version + 1, updated_at = now() WHERE id = p_order_id;
    RETURN jsonb_build_object('outcome', 'CHANGED', 'order', order_changed(p_order_id, p_to), 'userId', v_order.user_id);
END
$$;
