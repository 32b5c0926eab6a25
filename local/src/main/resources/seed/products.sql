-- Demo catalogue for the local stack. Fixed ids so the curl walk-through (README.md#try-it) works as written.
INSERT INTO products (id, sku, name, price_cents, stock) VALUES
    ('00000000-0000-4000-8000-000000000001', 'MUG-001',   'Enamel camping mug',     1299, 25),
    ('00000000-0000-4000-8000-000000000002', 'TEE-002',   'Organic cotton T-shirt', 2499, 40),
    ('00000000-0000-4000-8000-000000000003', 'LAMP-003',  'Brass desk lamp',        8900,  5),
    ('00000000-0000-4000-8000-000000000004', 'BOOK-004',  'Field notes notebook',    799, 100)
ON CONFLICT (sku) DO NOTHING;
