-- Grain: one row per person (every person, with zero counts when they attended nothing).
-- Persons are never agreement parties, so a person's agreements are those signed at meetings
-- the person attended. countries_met counts the countries the person's meetings represent,
-- the person's own country excluded.
-- Materialised as a table when the warehouse is built: dashboards read it without recomputing.
create table reporting.person_engagement as
with

persons as (
    select person_id, full_name, agency_id, country_iso2 from reporting.persons
),

participants as (
    select * from reporting.meeting_participants
),

meetings as (
    select meeting_id, start_date, end_date from reporting.meetings
),

agreements as (
    select agreement_id, meeting_id from reporting.agreements
),

meeting_countries as (
    select * from reporting.meeting_countries
),

attended as (
    select distinct participants.participant_id as person_id, participants.meeting_id
    from participants
    where participants.participant_kind = 'person'
),

meeting_stats as (
    select
        attended.person_id,
        count(distinct attended.meeting_id) as meetings,
        min(meetings.start_date) as first_date,
        max(coalesce(meetings.end_date, meetings.start_date)) as last_date
    from attended
    inner join meetings on attended.meeting_id = meetings.meeting_id
    group by 1
),

agreement_stats as (
    select
        attended.person_id,
        count(distinct agreements.agreement_id) as agreements
    from attended
    inner join agreements on attended.meeting_id = agreements.meeting_id
    group by 1
),

countries_met as (
    select
        attended.person_id,
        count(distinct meeting_countries.iso2) as countries_met
    from attended
    inner join persons on attended.person_id = persons.person_id
    inner join meeting_countries on attended.meeting_id = meeting_countries.meeting_id
    where meeting_countries.iso2 is distinct from persons.country_iso2
    group by 1
),

final as (
    select
        persons.person_id,
        persons.full_name,
        persons.agency_id,
        persons.country_iso2,
        cast(coalesce(meeting_stats.meetings, 0) as integer) as meetings,
        cast(coalesce(agreement_stats.agreements, 0) as integer) as agreements,
        meeting_stats.first_date,
        meeting_stats.last_date,
        cast(coalesce(countries_met.countries_met, 0) as integer) as countries_met
    from persons
    left join meeting_stats on persons.person_id = meeting_stats.person_id
    left join agreement_stats on persons.person_id = agreement_stats.person_id
    left join countries_met on persons.person_id = countries_met.person_id
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on table reporting.person_engagement is 'Dashboard mart: one row per person, with the meetings and agreements they took part in.';
comment on column reporting.person_engagement.person_id is 'The person (join to reporting.persons).';
comment on column reporting.person_engagement.full_name is 'Bare name of the person.';
comment on column reporting.person_engagement.agency_id is 'The body the person serves, else NULL.';
comment on column reporting.person_engagement.country_iso2 is 'Country whose national body the person serves, else NULL.';
comment on column reporting.person_engagement.meetings is 'Meetings the person attended.';
comment on column reporting.person_engagement.agreements is 'Agreements signed at meetings the person attended.';
comment on column reporting.person_engagement.first_date is 'First day of the earliest dated meeting they attended, else NULL.';
comment on column reporting.person_engagement.last_date is 'Last day of the latest dated meeting they attended, else NULL.';
comment on column reporting.person_engagement.countries_met is 'How many other countries were represented at the meetings they attended.';
