-- An administrator's move of any order from p_from to p_to (the Java domain decides which moves exist;
-- this is their compare-and-set under the row lock; p_from NULL: no move reaches p_to). Outcomes:
-- NOT_FOUND, CHANGED, UNCHANGED (already p_to: a repeated request or a Data API retry), CONFLICT (in
-- another status, or no move reaches p_to; carries the current status).
CREATE OR REPLACE FUNCTION set_order_status(p_order_id uuid, p_from text, p_to text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_order orders%ROWTYPE;
BEGIN
    SELECT * INTO v_order FROM orders WHERE id = p_order_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('outcome', 'NOT_FOUND');
    END IF;
    IF p_from IS NULL THEN
        RETURN jsonb_build_object('outcome', 'CONFLICT', 'status', v_order.status);
    END IF;
    IF v_order.status = p_to THEN
        RETURN jsonb_build_object('outcome', 'UNCHANGED', 'order', order_json(p_order_id));
    END IF;
    IF v_order.status <> p_from THEN
        RETURN jsonb_build_object('outcome', 'CONFLICT', 'status', v_order.status);
    END IF;
    UPDATE orders SET status = p_to, version = version + 1, updated_at = now() WHERE id = p_order_id;
    RETURN jsonb_build_object('outcome', 'CHANGED', 'order', order_changed(p_order_id, p_to), 'userId', v_order.user_id);
END
$$;
