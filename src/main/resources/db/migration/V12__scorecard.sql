-- The scorecard's audit completeness looks up each proposal's and execution's ledger events by their correlation id
-- (the proposal id) every few minutes; without an index that is a scan of the whole ledger.
create index audit_events_by_correlation on audit_events (correlation_id) where correlation_id is not null;
