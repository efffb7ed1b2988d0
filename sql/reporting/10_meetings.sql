-- Grain: one row per real-world meeting.
-- organizer_agency_id is kept after the contract's columns so BI tools can join to agencies.
create or replace view reporting.meetings as
with

meetings as (
    select * from main.fct_meetings
),

agencies as (
    select agency_id, name from main.dim_agencies
),

final as (
    select
        meetings.meeting_id,
        meetings.meeting_type,
        meetings.meeting_name,
        meetings.parent_meeting_id,
        meetings.ordinal,
        agencies.name as organizer,
        meetings.city,
        meetings.country_iso2,
        meetings.start_date,
        meetings.end_date,
        meetings.date_precision,
        meetings.status,
        meetings.source_count,
        meetings.organizer_agency_id
    from meetings
    left join agencies on meetings.organizer_agency_id = agencies.agency_id
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.meetings is
'One row per real-world meeting, merged across every article that reports it: multilateral meetings, bilateral talks and visits.';
comment on column reporting.meetings.meeting_id is 'Stable id of the meeting; it survives rebuilds.';
comment on column reporting.meetings.meeting_type is 'multilateral (an assembly or conference), bilateral (talks between two sides) or visit.';
comment on column reporting.meetings.meeting_name is 'A readable name, e.g. "12th Regional Police Chiefs Conference" or "Talks between X and Y".';
comment on column reporting.meetings.parent_meeting_id is 'The multilateral meeting on whose sidelines this one took place, else NULL.';
comment on column reporting.meetings.ordinal is 'Session number of a recurring meeting (8th gives 8), else NULL.';
comment on column reporting.meetings.organizer is 'Canonical name of the organising agency, else NULL.';
comment on column reporting.meetings.city is 'English name of the city where it took place (from a gazetteer), else NULL.';
comment on column reporting.meetings.country_iso2 is 'ISO 3166-1 alpha-2 code of the country where it took place, else NULL.';
comment on column reporting.meetings.start_date is 'First day; see date_precision for how exact it is. NULL when unknown.';
comment on column reporting.meetings.end_date is 'Last day; see date_precision. NULL when unknown.';
comment on column reporting.meetings.date_precision is
'day (exact dates), month or year (first and last day of that month or year), within_parent (no date of its own: the dates of the meeting on whose sidelines it took place), no_year (day and month read, year unknown: dates NULL) or unknown (dates NULL).';
comment on column reporting.meetings.status is 'held, or planned when the articles announce it for later.';
comment on column reporting.meetings.source_count is 'How many articles report this meeting.';
comment on column reporting.meetings.organizer_agency_id is 'agency_id of the organiser (join to reporting.agencies), else NULL.';
