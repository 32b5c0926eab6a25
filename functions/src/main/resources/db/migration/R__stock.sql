-- Stock split across shards (V8): products.stock is the pool, stock_shards hold the rest.
-- Lock order: product rows in id order; for one product, its pool (the product row) before its shards, in
-- shard order. take_stock's first two steps take one shard before the pool; a caller holding a shard then
-- waits only for rows of products later in id order, and every wait is bounded by lock_timeout (place_order
-- answers STOCK_BUSY; a deadlock PostgreSQL detects first is answered the same way). Steps 1-2 run in a block
-- (a subtransaction) that is undone when they take nothing: a shard locked and then found emptied by the order
-- that held it is let go at once, so callers queued on it do not wait for each other's commits, and a caller
-- that looks again holds no shard of the product (PostgreSQL releases the locks a rolled-back savepoint took:
-- https://www.postgresql.org/docs/16/explicit-locking.html).

-- The stock a product's shards hold (0 when it has none), as of the caller's snapshot, locking nothing.
CREATE OR REPLACE FUNCTION shard_stock(p_product_id uuid) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(sum(s.stock), 0)::integer FROM stock_shards s WHERE s.product_id = p_product_id
$$;

-- Takes p_quantity of a product's stock for an order, or answers false when it does not have that much (or is
-- archived): nothing taken. In order of cost:
--   1. a shard with enough that no one else holds (SKIP LOCKED, never waits), starting at a random shard;
--   2. else a shard with enough, picked at random from the snapshot, waiting for that one row at most
--      lock_timeout: a crowd queues on 32 rows, not one; a shard emptied while the caller waited is let go at
--      once (the block below is undone) and the caller looks again, never waiting for a second row while it holds
--      the first;
--   3. else the pool (the product row, waiting at most lock_timeout), and while it holds the pool it deals
--      what the pool keeps out evenly to every shard no one holds (the 32 shards are made on first use);
--   then, with nothing taken, it looks again at a fresh snapshot, locking nothing: too little stock left in all
--   (or archived) answers false; one shard or the pool holding enough runs 1-3 again (at most c_rounds times in
--   all: the shard waited for in step 2 was emptied by the order that held it, or stock reached a shard after
--   step 2's snapshot), so the tail of a sale keeps taking from the shards;
--   4. else every shard gathered back into the pool (gather_stock), then the pool: only when the stock is
--      scattered below the quantity (a quantity no single shard holds), or the rounds ran out.
CREATE OR REPLACE FUNCTION take_stock(p_product_id uuid, p_quantity integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    c_shards   CONSTANT integer := 32;
    c_rounds   CONSTANT integer := 8;
    v_start    integer := floor(random() * c_shards)::integer;
    v_shard    smallint;
    v_pool     integer;
    v_share    integer;
    v_dealt    integer;
    v_most     integer;
    v_total    bigint;
    v_archived boolean;
BEGIN
    FOR attempt IN 1..c_rounds LOOP
        BEGIN
            SELECT s.shard INTO v_shard FROM stock_shards s
            WHERE s.product_id = p_product_id AND s.stock >= p_quantity
              AND EXISTS (SELECT 1 FROM products p WHERE p.id = p_product_id AND p.archived_at IS NULL)
            ORDER BY (s.shard + c_shards - v_start) % c_shards
            LIMIT 1
            FOR UPDATE OF s SKIP LOCKED;
            IF NOT FOUND THEN
                -- Picked from the snapshot, then only that shard locked and checked again: a FOR UPDATE over the
                -- whole list would, when the shard it waited for was emptied meanwhile, keep that row locked and walk
                -- on to wait for the next one, and every caller queued on the emptied row would wait with it.
                SELECT s.shard INTO v_shard FROM stock_shards s
                WHERE s.product_id = p_product_id AND s.stock >= p_quantity
                  AND EXISTS (SELECT 1 FROM products p WHERE p.id = p_product_id AND p.archived_at IS NULL)
                ORDER BY (s.shard + c_shards - v_start) % c_shards
                LIMIT 1;
                IF FOUND THEN
                    SELECT s.shard INTO v_shard FROM stock_shards s
                    WHERE s.product_id = p_product_id AND s.shard = v_shard AND s.stock >= p_quantity
                      AND EXISTS (SELECT 1 FROM products p WHERE p.id = p_product_id AND p.archived_at IS NULL)
                    FOR UPDATE OF s;
                END IF;
            END IF;
            IF NOT FOUND THEN
                RAISE EXCEPTION USING ERRCODE = 'PS002', MESSAGE = 'no shard taken';
            END IF;
            UPDATE stock_shards SET stock = stock - p_quantity WHERE product_id = p_product_id AND shard = v_shard;
            RETURN true;
        EXCEPTION
            WHEN SQLSTATE 'PS002' THEN
                NULL; -- the block is undone: a shard it locked and found emptied is let go now, not at the commit
        END;

        UPDATE products SET stock = stock - p_quantity
        WHERE id = p_product_id AND stock >= p_quantity AND archived_at IS NULL
        RETURNING stock INTO v_pool;
        IF FOUND THEN
            v_share := v_pool / c_shards;
            IF v_share > 0 THEN
                IF NOT EXISTS (SELECT 1 FROM stock_shards WHERE product_id = p_product_id) THEN
                    INSERT INTO stock_shards (product_id, shard)
                    SELECT p_product_id, g FROM generate_series(0, c_shards - 1) g
                    ON CONFLICT DO NOTHING;
                END IF;
                WITH free AS (
                    SELECT s.shard FROM stock_shards s WHERE s.product_id = p_product_id ORDER BY s.shard FOR UPDATE SKIP LOCKED
                ), dealt AS (
                    UPDATE stock_shards s SET stock = s.stock + v_share FROM free f
                    WHERE s.product_id = p_product_id AND s.shard = f.shard
                    RETURNING s.shard
                )
                SELECT count(*)::integer INTO v_dealt FROM dealt;
                UPDATE products SET stock = stock - v_share * v_dealt WHERE id = p_product_id;
            END IF;
            RETURN true;
        END IF;

        -- One statement, one snapshot: stock moving between the pool and the shards is counted once.
        SELECT p.stock, COALESCE(max(s.stock), 0), p.stock + COALESCE(sum(s.stock), 0), p.archived_at IS NOT NULL
        INTO v_pool, v_most, v_total, v_archived
        FROM products p LEFT JOIN stock_shards s ON s.product_id = p.id
        WHERE p.id = p_product_id
        GROUP BY p.id;
        IF NOT FOUND OR v_archived OR v_total < p_quantity THEN
            RETURN false;
        END IF;
        EXIT WHEN v_most < p_quantity AND v_pool < p_quantity;
    END LOOP;

    IF COALESCE(gather_stock(p_product_id), 0) < p_quantity THEN
        RETURN false;
    END IF;
    UPDATE products SET stock = stock - p_quantity
    WHERE id = p_product_id AND stock >= p_quantity AND archived_at IS NULL;
    RETURN FOUND;
END
$$;

-- Moves every shard's stock back into the product's pool, holding the pool and then each shard (in shard order)
-- until the transaction ends; answers the product's whole stock, which the pool now holds (NULL: no product).
CREATE OR REPLACE FUNCTION gather_stock(p_product_id uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_pool      integer;
    v_gathered  integer;
BEGIN
    SELECT p.stock INTO v_pool FROM products p WHERE p.id = p_product_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    WITH held AS (
        SELECT s.shard, s.stock FROM stock_shards s WHERE s.product_id = p_product_id ORDER BY s.shard FOR UPDATE
    ), emptied AS (
        UPDATE stock_shards s SET stock = 0 FROM held h
        WHERE s.product_id = p_product_id AND s.shard = h.shard AND h.stock > 0
        RETURNING h.stock
    )
    SELECT COALESCE(sum(stock), 0)::integer INTO v_gathered FROM emptied;
    IF v_gathered > 0 THEN
        UPDATE products SET stock = stock + v_gathered WHERE id = p_product_id RETURNING stock INTO v_pool;
    END IF;
    RETURN v_pool;
END
$$;
