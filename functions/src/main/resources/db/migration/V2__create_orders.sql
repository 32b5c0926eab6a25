-- Orders: PostgreSQL is the source of truth; DynamoDB holds a per-user projection fed by the outbox.
CREATE TABLE orders (
    id              uuid        PRIMARY KEY,
    user_id         text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('CONFIRMED')),
    total_cents     bigint      NOT NULL CHECK (total_cents > 0),
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_user_idempotency_key UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_user_created ON orders (user_id, created_at DESC);

CREATE TABLE order_items (
    order_id         uuid    NOT NULL REFERENCES orders (id),
    product_id       uuid    NOT NULL REFERENCES products (id),
    sku              text    NOT NULL,
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_cents bigint  NOT NULL CHECK (unit_price_cents > 0),
    PRIMARY KEY (order_id, product_id)
);
-- order_id is indexed as the primary key's leading column; product_id gets its own.
CREATE INDEX order_items_product ON order_items (product_id);

CREATE TABLE outbox (
    id           bigserial   PRIMARY KEY,
    order_id     uuid        NOT NULL REFERENCES orders (id),
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
CREATE INDEX outbox_order ON outbox (order_id);

-- An order as the API returns it.
CREATE FUNCTION order_json(p_order_id uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'orderId', o.id,
        'status', o.status,
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

-- The request's lines, one per product (duplicates summed).
CREATE FUNCTION order_lines(p_items jsonb) RETURNS TABLE (product_id uuid, quantity integer)
LANGUAGE sql IMMUTABLE AS $$
    SELECT (line ->> 'productId')::uuid, sum((line ->> 'quantity')::integer)::integer
    FROM jsonb_array_elements(p_items) AS line
    GROUP BY 1
$$;

-- Places an order in one statement, so one Data API call is one atomic transaction:
-- idempotency check, stock decrements guarded by stock >= quantity with rows locked in id order
-- (concurrent orders cannot deadlock), then the order, its items and its outbox row.
-- Refusals return an outcome before anything is written.
CREATE FUNCTION place_order(p_order_id uuid, p_user_id text, p_key text, p_hash text, p_items jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_existing  orders%ROWTYPE;
    v_missing   uuid;
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
