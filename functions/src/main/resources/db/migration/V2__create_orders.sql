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

-- The functions over these tables (order_json, order_lines, place_order) live in R__*.sql, re-applied when they change.
