-- Catalogue administration: descriptions, an edit version for optimistic locking, archiving (hidden
-- from shoppers, kept for past orders), an image's object key, and a ledger of stock adjustments.
ALTER TABLE products
    ADD COLUMN description text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    ADD COLUMN version     bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    ADD COLUMN archived_at timestamptz,
    ADD COLUMN image_key   text,
    ADD COLUMN updated_at  timestamptz NOT NULL DEFAULT now();
ALTER TABLE products ADD CONSTRAINT products_name_length CHECK (char_length(name) BETWEEN 1 AND 200);
ALTER TABLE products ADD CONSTRAINT products_stock_at_most CHECK (stock <= 1000000000);

-- Who changed the stock by how much, and why. The id is the adjustment's own (made by the function
-- per request), so a statement repeated after a lost answer finds it instead of applying it twice.
CREATE TABLE stock_adjustments (
    id          uuid        PRIMARY KEY,
    product_id  uuid        NOT NULL REFERENCES products (id),
    delta       integer     NOT NULL CHECK (delta <> 0),
    reason      text        NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 200),
    stock_after integer     NOT NULL CHECK (stock_after >= 0),
    admin_id    text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_adjustments_product ON stock_adjustments (product_id, created_at);

-- Adjusts stock by a relative delta in one statement (one Data API call, one transaction). The row
-- lock orders it with concurrent orders (place_order locks the same rows) and adjustments, so the
-- guard reads the stock it changes: never below 0, never above 1e9. Answers with the outcome and the
-- product as it is afterwards; a refusal writes nothing.
CREATE FUNCTION adjust_stock(p_id uuid, p_product_id uuid, p_delta integer, p_reason text, p_admin_id text)
RETURNS TABLE (outcome text, id uuid, sku text, name text, description text, price_cents bigint, stock integer,
               version bigint, archived boolean, image_key text)
LANGUAGE plpgsql AS $$
DECLARE
    v_stock integer;
BEGIN
    SELECT p.stock INTO v_stock FROM products p WHERE p.id = p_product_id FOR UPDATE;
    IF NOT FOUND THEN
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
    RETURN QUERY SELECT outcome, p.id, p.sku, p.name, p.description, p.price_cents, p.stock, p.version,
                        p.archived_at IS NOT NULL, p.image_key
                 FROM products p WHERE p.id = p_product_id;
END
$$;
