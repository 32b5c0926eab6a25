-- A product's stock, split so that a crowd ordering one product decrements different rows. products.stock
-- is now the product's pool: stock not yet handed to a shard. A product's stock is its pool plus its shards
-- (product_stock), which every order, cancellation, adjustment and catalogue read uses; moving stock between
-- the pool and the shards never changes it. Orders take from a shard no one else holds (SKIP LOCKED), refill
-- shards from the pool, and the last units are gathered back (R__stock.sql).
CREATE TABLE stock_shards (
    product_id uuid     NOT NULL REFERENCES products (id),
    shard      smallint NOT NULL CHECK (shard >= 0),
    stock      integer  NOT NULL DEFAULT 0 CHECK (stock >= 0),
    PRIMARY KEY (product_id, shard)
);
