-- Grain: one row per agency (national body or international organisation).
create or replace view reporting.agencies as
with

agencies as (
    select * from main.dim_agencies
),

final as (
    select
        agency_id,
        name,
        acronym,
        aliases,
        agency_type,
        country_iso2
    from agencies
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.agencies is 'One row per agency: police, security, intelligence and interior bodies and international organisations.';
comment on column reporting.agencies.agency_id is 'Stable id of the agency; it survives rebuilds.';
comment on column reporting.agencies.name is 'Canonical English name.';
comment on column reporting.agencies.acronym is 'Acronym, e.g. DGSN, else NULL.';
comment on column reporting.agencies.aliases is 'Every surface form seen, in any language.';
comment on column reporting.agencies.agency_type is 'national or international.';
comment on column reporting.agencies.country_iso2 is 'Country of a national body; NULL for international bodies.';
