-- The order lake: every outbox row is also delivered to the lake's Firehose stream, marked apart from
-- its projection (published_at), so neither waits for the other and an erasure, which settles the
-- projection, leaves the lake's copy (it carries no personal data) to be delivered. Rows from before
-- this migration are undelivered: the first runs backfill the lake with them.
ALTER TABLE outbox ADD COLUMN lake_delivered_at timestamptz;
CREATE INDEX outbox_lake_undelivered ON outbox (id) WHERE lake_delivered_at IS NULL;
