-- A scheduled slot runs once per studio: two studios' hubs sharing a database each run their own 06:05 snapshot.
drop index job_runs_one_per_slot;
create unique index job_runs_one_per_slot on job_runs (tenant_id, route_id, scheduled_for) where scheduled_for is not null;
