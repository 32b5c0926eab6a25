-- The catalogue: PostgreSQL is the source of truth for prices and stock.
CREATE TABLE products (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    sku         text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    price_cents bigint      NOT NULL CHECK (price_cents > 0),
    stock       integer     NOT NULL CHECK (stock >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);
