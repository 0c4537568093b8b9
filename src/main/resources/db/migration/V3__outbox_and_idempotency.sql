-- Outbox and idempotency keys: the tables come from V1; this adds what their relay and metrics need.

-- The studio_brain_outbox_dead gauge counts dead messages every few seconds. Delivered rows pile up in the same
-- table, so without this partial index each count would scan all of them; with it, only the (few) dead rows.
create index outbox_dead on outbox (created_at) where status = 'dead';
