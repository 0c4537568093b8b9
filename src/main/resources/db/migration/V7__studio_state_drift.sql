-- StudioState: why a day was recomputed is kept with the diff, and every drift finding has a row of its own.
alter table studio_state_diff add column reason text;

create table studio_state_drift (
    id            bigserial primary key,
    tenant_id     text        not null,
    snapshot_date date        not null,
    detected_at   timestamptz not null,
    kind          text        not null,   -- cloud-summary | day-over-day
    metric        text        not null,
    expected      bigint      not null,
    observed      bigint      not null,
    delta         bigint      not null,
    confidence    text        not null,   -- high | medium | low
    detail        text
);
create index studio_state_drift_recent on studio_state_drift (tenant_id, id desc);
