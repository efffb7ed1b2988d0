-- Grain: one row per country.
create or replace view reporting.countries as
with

countries as (
    select * from main.dim_countries
),

final as (
    select
        iso2,
        iso3,
        name,
        name_fr,
        region,
        subregion
    from countries
)

select * from final
