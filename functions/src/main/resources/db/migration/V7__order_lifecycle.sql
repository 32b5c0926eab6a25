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

-- order_json, order_changed, cancel_order and set_order_status live in R__*.sql.
