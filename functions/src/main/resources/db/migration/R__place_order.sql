-- Places an order in one statement, so one Data API call is one atomic transaction. Built for a crowd
-- ordering one product (a flash sale): no order waits on a row another order holds while it can take stock
-- elsewhere, and no refusal waits at all.
--   1. Requests with one idempotency key run one at a time (advisory lock); the second finds the first's
--      order: EXISTING, or KEY_REUSED for another body.
--   2. Refusals are answered from the statement's snapshot, locking nothing: UNKNOWN_PRODUCT, PRODUCT_ARCHIVED,
--      OUT_OF_STOCK. Once a product sells out, every further order for it is answered at once, however many
--      orders are still taking its last units.
--   3. The order, its items and its outbox row are written first (prices from the snapshot); the stock comes
--      last, one product at a time in id order, through take_stock (R__stock.sql: a shard no one holds, else
--      the pool), so a row is held only from the decrement to the commit.
--   4. Waiting for a row is bounded by lock_timeout (1 s): then everything is undone and the answer is
--      STOCK_BUSY (the API's 503 with Retry-After), never a wait until the function's timeout. Stock another
--      order took first (or an archive that committed first) undoes everything too and answers OUT_OF_STOCK or
--      PRODUCT_ARCHIVED as of that moment.
CREATE OR REPLACE FUNCTION place_order_unguarded(p_order_id uuid, p_user_id text, p_key text, p_hash text, p_items jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_existing  orders%ROWTYPE;
    v_refusal   jsonb;
    v_line      record;
    v_total     bigint;
    v_created   jsonb;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_user_id || E'\n' || p_key, 0));

    SELECT * INTO v_existing FROM orders WHERE user_id = p_user_id AND idempotency_key = p_key;
    IF FOUND THEN
        IF v_existing.request_hash <> p_hash THEN
            RETURN jsonb_build_object('outcome', 'KEY_REUSED');
        END IF;
        RETURN jsonb_build_object('outcome', 'EXISTING', 'order', order_json(v_existing.id));
    END IF;

    v_refusal := order_refusal(p_items);
    IF v_refusal IS NOT NULL THEN
        RETURN v_refusal;
    END IF;

    PERFORM set_config('lock_timeout', '1s', true);
    BEGIN
        SELECT sum(p.price_cents * l.quantity) INTO v_total
        FROM order_lines(p_items) l JOIN products p ON p.id = l.product_id;

        INSERT INTO orders (id, user_id, status, total_cents, idempotency_key, request_hash)
        VALUES (p_order_id, p_user_id, 'CONFIRMED', v_total, p_key, p_hash);

        INSERT INTO order_items (order_id, product_id, sku, quantity, unit_price_cents)
        SELECT p_order_id, p.id, p.sku, l.quantity, p.price_cents
        FROM order_lines(p_items) l JOIN products p ON p.id = l.product_id;

        v_created := order_json(p_order_id);
        INSERT INTO outbox (order_id, payload) VALUES (p_order_id, v_created || jsonb_build_object('userId', p_user_id));

        FOR v_line IN SELECT l.product_id, l.quantity FROM order_lines(p_items) l ORDER BY l.product_id LOOP
            IF NOT take_stock(v_line.product_id, v_line.quantity) THEN
                RAISE EXCEPTION USING ERRCODE = 'PS001', MESSAGE = 'stock taken first';
            END IF;
        END LOOP;
    EXCEPTION
        WHEN lock_not_available OR deadlock_detected THEN
            RETURN jsonb_build_object('outcome', 'STOCK_BUSY');
        WHEN SQLSTATE 'PS001' THEN
            -- The block's writes are undone; this statement's snapshot sees what took the stock.
            RETURN COALESCE(order_refusal(p_items), jsonb_build_object('outcome', 'STOCK_BUSY'));
    END;
    RETURN jsonb_build_object('outcome', 'CREATED', 'order', v_created);
END
$$;

-- Why the request's lines cannot be ordered, as of a fresh snapshot and without locking anything: the first
-- unknown product, then the first archived one, then the first short of stock (in product id order); NULL when
-- every line can be tried.
CREATE OR REPLACE FUNCTION order_refusal(p_items jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_missing   uuid;
    v_archived  uuid;
    v_short     record;
BEGIN
    SELECT l.product_id INTO v_missing
    FROM order_lines(p_items) l
    WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = l.product_id)
    ORDER BY l.product_id
    LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'UNKNOWN_PRODUCT', 'productId', v_missing);
    END IF;

    SELECT p.id INTO v_archived
    FROM order_lines(p_items) l JOIN products p ON p.id = l.product_id
    WHERE p.archived_at IS NOT NULL
    ORDER BY p.id
    LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'PRODUCT_ARCHIVED', 'productId', v_archived);
    END IF;

    SELECT p.id, p.sku, p.stock + shard_stock(p.id) AS stock, l.quantity INTO v_short
    FROM order_lines(p_items) l JOIN products p ON p.id = l.product_id
    WHERE p.stock + shard_stock(p.id) < l.quantity
    ORDER BY p.id
    LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'OUT_OF_STOCK', 'productId', v_short.id, 'sku', v_short.sku,
                                  'available', v_short.stock, 'requested', v_short.quantity);
    END IF;
    RETURN NULL;
END
$$;

-- place_order reports every outcome as a result, so callers never read PostgreSQL's error messages: a unique
-- violation on (user, idempotency key), when another writer (one that skipped the advisory lock) committed the
-- key first, becomes the answer a retry gets.
CREATE OR REPLACE FUNCTION place_order(p_order_id uuid, p_user_id text, p_key text, p_hash text, p_items jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_constraint text;
BEGIN
    RETURN place_order_unguarded(p_order_id, p_user_id, p_key, p_hash, p_items);
EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
    IF v_constraint IS DISTINCT FROM 'orders_user_idempotency_key' THEN
        RAISE;
    END IF;
    -- Everything this attempt wrote is undone with the block; the other writer's order is committed
    -- (the insert waited for it), and this new statement sees it.
    RETURN (SELECT CASE WHEN o.request_hash <> p_hash THEN jsonb_build_object('outcome', 'KEY_REUSED')
                        ELSE jsonb_build_object('outcome', 'EXISTING', 'order', order_json(o.id)) END
            FROM orders o
            WHERE o.user_id = p_user_id AND o.idempotency_key = p_key);
END
$$;
