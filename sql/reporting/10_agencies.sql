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

select * from final
