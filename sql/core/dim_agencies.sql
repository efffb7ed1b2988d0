-- Grain: one row per agency (national body or international organisation).
create table dim_agencies (
    agency_id varchar primary key,
    name varchar,
    acronym varchar,
    aliases varchar[],
    agency_type varchar,
    country_iso2 varchar
);
