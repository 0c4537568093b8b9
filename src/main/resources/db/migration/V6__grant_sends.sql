-- The runtime guard marks the one send an execution grant allows, at the write endpoint itself.
alter table grants add column sent_at timestamptz;
