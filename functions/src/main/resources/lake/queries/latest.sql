-- Shared by every named query (NamedQuery puts it first): the newest version of each order line since
-- the first day asked for (both ? are that day, YYYY-MM-DD). Older versions and repeated deliveries fall
-- away: one row per (order_id, product_id), the highest version. An order's events are never dated
-- before its placement, so dt >= the first day reads every event of the orders placed since then
-- and skips every older partition unread.
WITH latest AS (
    SELECT *
    FROM (
        SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.order_id, e.product_id ORDER BY e.version DESC) AS newest
        FROM order_events e
        WHERE e.dt >= ? AND e.placed_on >= ?
    ) versions
    WHERE newest = 1
)
