-- Grain: one row per real, named person.
create table dim_people (
    person_id varchar primary key,
    full_name varchar,
    aliases varchar[],
    title varchar,
    agency_id varchar,
    country_iso2 varchar,
    mention_count integer
);
