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

select * from final
