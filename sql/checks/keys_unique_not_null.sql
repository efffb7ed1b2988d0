-- Grain: one row per table whose key is null or repeated (a check passes with no rows).
with keys as (
    select 'dim_articles' as table_name, article_id as key_value from dim_articles
    union all select 'dim_countries', iso2 from dim_countries
    union all select 'dim_agencies', agency_id from dim_agencies
    union all select 'dim_people', person_id from dim_people
    union all select 'fct_meetings', meeting_id from fct_meetings
    union all select 'fct_agreements', agreement_id from fct_agreements
),

final as (
    select table_name, key_value, count(*) as occurrences
    from keys
    group by all
    having key_value is null or count(*) > 1
)

select * from final
