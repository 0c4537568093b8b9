-- Data retention: legal holds, and the one way old delegation denials may go.

-- A legal hold keeps rows that the retention purge would otherwise remove: one proposal, one intake item, every row
-- of a date range (of one data class, or of all), or a whole data class. A hold is released, never deleted, so the
-- record of what was held, why and by whom stays.
create table legal_holds (
    id             uuid primary key,
    tenant_id      text        not null,
    scope          text        not null check (scope in ('proposal', 'intake_item', 'date_range', 'data_class')),
    subject        text,
    data_class     text,
    held_from      timestamptz,
    held_until     timestamptz,
    reason         text        not null check (reason <> ''),
    placed_by      text        not null check (placed_by <> ''),
    placed_at      timestamptz not null,
    released_at    timestamptz,
    released_by    text,
    release_reason text,
    constraint legal_holds_shape check (
        (scope in ('proposal', 'intake_item') and subject is not null and subject <> '')
        or (scope = 'date_range' and held_from is not null and held_until is not null and held_from < held_until)
        or (scope = 'data_class' and data_class is not null and data_class <> '')),
    constraint legal_holds_release_whole check (
        (released_at is null and released_by is null and release_reason is null)
        or (released_at is not null and released_by is not null and release_reason is not null
            and release_reason <> ''))
);
create index legal_holds_active on legal_holds (tenant_id) where released_at is null;

create function legal_holds_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'legal holds are kept: DELETE of % refused', old.id using errcode = 'insufficient_privilege';
    end if;
    if old.released_at is not null then
        raise exception 'legal hold % is already released', old.id using errcode = 'insufficient_privilege';
    end if;
    if (new.id, new.tenant_id, new.scope, new.subject, new.data_class, new.held_from, new.held_until, new.reason,
        new.placed_by, new.placed_at)
        is distinct from
       (old.id, old.tenant_id, old.scope, old.subject, old.data_class, old.held_from, old.held_until, old.reason,
        old.placed_by, old.placed_at) then
        raise exception 'only the release of legal hold % may be recorded', old.id
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end
$$;

create trigger legal_holds_release_only before update or delete on legal_holds
    for each row execute function legal_holds_guard();

-- Delegation denials stay append-only for the hub's role: no row can be picked out and removed. Retention removes
-- only whole spans older than a cut-off, through this function, and never rows inside an active hold's date range
-- (or under a hold of the whole class).
create function retention_purge_delegation_denials(for_tenant text, cutoff timestamptz) returns bigint
    language plpgsql security definer set search_path = public as $$
declare
    removed bigint;
begin
    if exists (select 1 from legal_holds h where h.tenant_id = for_tenant and h.released_at is null
               and h.scope = 'data_class' and h.data_class = 'delegation.denials') then
        return 0;
    end if;
    delete from delegation_denials d
     where d.tenant_id = for_tenant and d.at < cutoff
       and not exists (select 1 from legal_holds h where h.tenant_id = d.tenant_id and h.released_at is null
                       and h.scope = 'date_range' and (h.data_class is null or h.data_class = 'delegation.denials')
                       and d.at >= h.held_from and d.at < h.held_until);
    get diagnostics removed = row_count;
    return removed;
end
$$;

do $$
begin
    if exists (select 1 from pg_roles where rolname = 'studio_brain_app') then
        execute 'grant select, insert, update on legal_holds to studio_brain_app';
        execute 'revoke delete, truncate on legal_holds from studio_brain_app';
        execute 'grant execute on function retention_purge_delegation_denials(text, timestamptz) to studio_brain_app';
    end if;
exception when insufficient_privilege then
    raise notice 'cannot grant to studio_brain_app';
end
$$;
