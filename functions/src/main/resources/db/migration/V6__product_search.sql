-- Full-text search over name and description. Each product keeps the text search configuration its
-- words were indexed with (the functions' SEARCH_LANGUAGE when it was created, 'english' for those
-- made before), because a generated column may only use immutable expressions: to_tsvector with an
-- explicit configuration is one, the session's default_text_search_config is not. The name weighs more
-- than the description (A over B), so ts_rank puts a match in the name first.
ALTER TABLE products ADD COLUMN search_language regconfig NOT NULL DEFAULT 'english';
ALTER TABLE products ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(search_language, name), 'A') || setweight(to_tsvector(search_language, description), 'B')) STORED;
CREATE INDEX products_search ON products USING gin (search);
-- Browsing pages through the products for sale by SKU; price filters narrow it.
CREATE INDEX products_for_sale_by_sku ON products (sku) WHERE archived_at IS NULL;
CREATE INDEX products_for_sale_by_price ON products (price_cents) WHERE archived_at IS NULL;
