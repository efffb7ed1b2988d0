-- Grain: one row per country and year (year NULL where the fact's date is unknown), for every
-- country and year with at least one meeting or agreement.
-- Meetings are dated by start_date, agreements by signed_date.
-- Materialised as a table when the warehouse is built: dashboards read it without recomputing.
create table reporting.country_engagement as
with

meeting_countries as (
    select * from reporting.meeting_countries
),

agreement_countries as (
    select * from reporting.agreement_countries
),

meetings as (
    select meeting_id, meeting_type, start_date from reporting.meetings
),

agreements as (
    select agreement_id, signed_date from reporting.agreements
),

participants as (
    select * from reporting.meeting_participants
),

persons as (
    select person_id, country_iso2 from reporting.persons
),

countries as (
    select iso2, name from reporting.countries
),

meeting_counts as (
    select
        meeting_countries.iso2,
        cast(extract(year from meetings.start_date) as integer) as year,
        count(distinct meetings.meeting_id) as meetings,
        count(distinct meetings.meeting_id) filter (where meetings.meeting_type = 'bilateral')
            as bilateral_meetings,
        count(distinct meetings.meeting_id) filter (where meetings.meeting_type = 'multilateral')
            as multilateral_meetings,
        count(distinct meetings.meeting_id) filter (where meetings.meeting_type = 'visit')
            as visits
    from meeting_countries
    inner join meetings on meeting_countries.meeting_id = meetings.meeting_id
    group by 1, 2
),

agreement_counts as (
    select
        agreement_countries.iso2,
        cast(extract(year from agreements.signed_date) as integer) as year,
        count(distinct agreements.agreement_id) as agreements
    from agreement_countries
    inner join agreements on agreement_countries.agreement_id = agreements.agreement_id
    group by 1, 2
),

person_counts as (
    select
        persons.country_iso2 as iso2,
        cast(extract(year from meetings.start_date) as integer) as year,
        count(distinct persons.person_id) as persons
    from participants
    inner join persons on participants.participant_id = persons.person_id
    inner join meetings on participants.meeting_id = meetings.meeting_id
    where participants.participant_kind = 'person'
        and persons.country_iso2 is not null
    group by 1, 2
),

-- union (not union all) also merges the NULL years into one row per country.
country_years as (
    select iso2, year from meeting_counts
    union
    select iso2, year from agreement_counts
),

final as (
    select
        country_years.iso2,
        countries.name,
        country_years.year,
        cast(coalesce(meeting_counts.meetings, 0) as integer) as meetings,
        cast(coalesce(meeting_counts.bilateral_meetings, 0) as integer) as bilateral_meetings,
        cast(coalesce(meeting_counts.multilateral_meetings, 0) as integer) as multilateral_meetings,
        cast(coalesce(meeting_counts.visits, 0) as integer) as visits,
        cast(coalesce(agreement_counts.agreements, 0) as integer) as agreements,
        cast(coalesce(person_counts.persons, 0) as integer) as persons
    from country_years
    left join countries on country_years.iso2 = countries.iso2
    left join meeting_counts
        on country_years.iso2 = meeting_counts.iso2
        and country_years.year is not distinct from meeting_counts.year
    left join agreement_counts
        on country_years.iso2 = agreement_counts.iso2
        and country_years.year is not distinct from agreement_counts.year
    left join person_counts
        on country_years.iso2 = person_counts.iso2
        and country_years.year is not distinct from person_counts.year
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on table reporting.country_engagement is
'Dashboard mart: one row per country and year, counting the meetings, agreements and persons the country took part in. Sideline meetings count in the year of their parent meeting.';
comment on column reporting.country_engagement.iso2 is 'ISO alpha-2 code of the country.';
comment on column reporting.country_engagement.name is 'English name of the country.';
comment on column reporting.country_engagement.year is 'Year of the meetings and agreements counted; NULL where their date is unknown.';
comment on column reporting.country_engagement.meetings is 'Meetings the country took part in that year.';
comment on column reporting.country_engagement.bilateral_meetings is 'Of those, bilateral talks.';
comment on column reporting.country_engagement.multilateral_meetings is 'Of those, multilateral meetings.';
comment on column reporting.country_engagement.visits is 'Of those, visits.';
comment on column reporting.country_engagement.agreements is 'Agreements the country (or one of its national agencies) signed that year.';
comment on column reporting.country_engagement.persons is 'Persons of that country who attended a meeting that year.';
