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

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.meeting_participants is
'One row per meeting and participant: the persons, agencies and countries that took part, with their role.';
comment on column reporting.meeting_participants.meeting_id is 'The meeting (join to reporting.meetings).';
comment on column reporting.meeting_participants.participant_kind is 'person, agency or country.';
comment on column reporting.meeting_participants.participant_id is 'person_id, agency_id or ISO alpha-2 code, after participant_kind.';
comment on column reporting.meeting_participants.participant_name is 'Canonical name of the person, agency or country.';
comment on column reporting.meeting_participants.role is 'host, organizer, head_of_delegation, counterpart or participant.';
