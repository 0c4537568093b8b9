-- What the assistive scans remember between runs (cooldowns, dismissals), per studio and scan.
create table assist_scan_state (
    tenant_id  text        not null,
    scan       text        not null,
    state      jsonb       not null,
    updated_at timestamptz not null,
    primary key (tenant_id, scan)
);
