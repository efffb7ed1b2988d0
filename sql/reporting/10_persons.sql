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

select * from final
