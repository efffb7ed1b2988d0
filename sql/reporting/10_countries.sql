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

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.countries is 'One row per country (ISO 3166-1), with English and French names and UN M49 regions.';
comment on column reporting.countries.iso2 is 'ISO 3166-1 alpha-2 code, the key other views use.';
comment on column reporting.countries.iso3 is 'ISO 3166-1 alpha-3 code.';
comment on column reporting.countries.name is 'English name.';
comment on column reporting.countries.name_fr is 'French name.';
comment on column reporting.countries.region is 'UN M49 region, e.g. Africa.';
comment on column reporting.countries.subregion is 'UN M49 subregion, e.g. Northern Africa.';
