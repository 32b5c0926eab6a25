-- Records a change already applied to the locked order row: the outbox row for its new version.
CREATE OR REPLACE FUNCTION order_changed(p_order_id uuid, p_event text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_order orders%ROWTYPE;
BEGIN
    SELECT * INTO v_order FROM orders WHERE id = p_order_id;
    INSERT INTO outbox (order_id, payload, version, event)
    VALUES (p_order_id, order_json(p_order_id) || jsonb_build_object('userId', v_order.user_id), v_order.version, p_event);
    RETURN order_json(p_order_id);
END
$$;
