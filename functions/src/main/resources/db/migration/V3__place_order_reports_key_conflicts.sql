-- place_order reports every outcome as a result, so callers never read PostgreSQL's error messages.
-- V2's function let a unique violation on (user, idempotency key) escape as an error when another
-- writer (one that skipped the advisory lock) committed the key first. V2's body stays, renamed; the
-- new place_order runs it and turns exactly that violation into the answer a retry gets.
ALTER FUNCTION place_order(uuid, text, text, text, jsonb) RENAME TO place_order_unguarded;

CREATE OR REPLACE FUNCTION place_order(p_order_id uuid, p_user_id text, p_key text, p_hash text, p_items jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_constraint text;
BEGIN
    RETURN place_order_unguarded(p_order_id, p_user_id, p_key, p_hash, p_items);
EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
    IF v_constraint IS DISTINCT FROM 'orders_user_idempotency_key' THEN
        RAISE;
    END IF;
    -- Everything this attempt wrote is undone with the block; the other writer's order is committed
    -- (the insert waited for it), and this new statement sees it.
    RETURN (SELECT CASE WHEN o.request_hash <> p_hash THEN jsonb_build_object('outcome', 'KEY_REUSED')
                        ELSE jsonb_build_object('outcome', 'EXISTING', 'order', order_json(o.id)) END
            FROM orders o
            WHERE o.user_id = p_user_id AND o.idempotency_key = p_key);
END
$$;
