-- Grain: one row per meeting and country it represents.
-- The one place the rule is written: a meeting represents its country participants plus the
-- countries of its participant persons and of its national agencies. Marts reuse this view.
-- Materialised as a table when the warehouse is built: dashboards read it without recomputing.
create table reporting.meeting_countries as
with

participants as (
    select * from reporting.meeting_participants
),

persons as (
    select person_id, country_iso2 from reporting.persons
),

-- International bodies carry no country; an agency whose type is missing but has a country is
-- taken as national rather than dropped.
national_agencies as (
    select agency_id, country_iso2
    from reporting.agencies
    where agency_type is distinct from 'international'
),

country_participants as (
    select meeting_id, participant_id as iso2
    from participants
    where participant_kind = 'country'
),

person_countries as (
    select participants.meeting_id, persons.country_iso2 as iso2
    from participants
    inner join persons on participants.participant_id = persons.person_id
    where participants.participant_kind = 'person'
),

agency_countries as (
    select participants.meeting_id, national_agencies.country_iso2 as iso2
    from participants
    inner join national_agencies on participants.participant_id = national_agencies.agency_id
    where participants.participant_kind = 'agency'
),

final as (
    select distinct meeting_id, iso2
    from (
        select * from country_participants
        union all
        select * from person_countries
        union all
        select * from agency_countries
    ) as represented
    where iso2 is not null
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on table reporting.meeting_countries is
'One row per meeting and country it represents: its country participants plus the countries of its participant persons and national agencies.';
comment on column reporting.meeting_countries.meeting_id is 'The meeting (join to reporting.meetings).';
comment on column reporting.meeting_countries.iso2 is 'ISO alpha-2 code of a country the meeting represents (join to reporting.countries).';
