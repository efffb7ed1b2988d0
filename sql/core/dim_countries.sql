-- Grain: one row per country (ISO 3166-1 alpha-2 code).
create table dim_countries (
    iso2 varchar primary key,
    iso3 varchar,
    name varchar,
    name_fr varchar,
    region varchar,
    subregion varchar
);
