-- Grain: one row per real, named person.
create or replace view reporting.persons as
with

people as (
    select * from main.dim_people
),

final as (
    select
        person_id,
        full_name,
        aliases,
        title,
        agency_id,
        country_iso2,
        mention_count
    from people
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.persons is 'One row per real, named person, merged across spellings and articles.';
comment on column reporting.persons.person_id is 'Stable id of the person; it survives rebuilds.';
comment on column reporting.persons.full_name is 'Bare name (no title, rank or honorific), in its most supported spelling.';
comment on column reporting.persons.aliases is 'Every bare-name form seen in every article, misspellings that were merged included.';
comment on column reporting.persons.title is 'Title, rank or office as the articles give it (e.g. Director General), else NULL.';
comment on column reporting.persons.agency_id is 'The body the person serves (join to reporting.agencies), else NULL.';
comment on column reporting.persons.country_iso2 is 'Country whose national body the person serves; NULL for officials of international bodies and where the text does not say.';
comment on column reporting.persons.mention_count is 'How many times the person is named across all articles.';
