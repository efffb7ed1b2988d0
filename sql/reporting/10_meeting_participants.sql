-- Grain: one row per meeting and participant (and role).
create or replace view reporting.meeting_participants as
with

attendees as (
    select * from main.fct_meeting_attendees
),

people as (
    select person_id, full_name from main.dim_people
),

agencies as (
    select agency_id, name from main.dim_agencies
),

countries as (
    select iso2, name from main.dim_countries
),

final as (
    select
        attendees.meeting_id,
        attendees.participant_kind,
        attendees.participant_id,
        case attendees.participant_kind
            when 'person' then people.full_name
            when 'agency' then agencies.name
            when 'country' then countries.name
        end as participant_name,
        attendees.role
    from attendees
    left join people
        on attendees.participant_kind = 'person'
        and attendees.participant_id = people.person_id
    left join agencies
        on attendees.participant_kind = 'agency'
        and attendees.participant_id = agencies.agency_id
    left join countries
        on attendees.participant_kind = 'country'
        and attendees.participant_id = countries.iso2
)

select * from final
