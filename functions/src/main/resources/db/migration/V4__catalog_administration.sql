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

-- adjust_stock lives in R__adjust_stock.sql.
