-- Grain: one row per country code used by a fact or dimension that is not an ISO 3166-1 alpha-2 code.
with codes as (
    select 'fct_meetings.country_iso2' as used_in, country_iso2 as iso2 from fct_meetings where country_iso2 is not null
    union all select 'dim_agencies.country_iso2', country_iso2 from dim_agencies where country_iso2 is not null
    union all select 'dim_people.country_iso2', country_iso2 from dim_people where country_iso2 is not null
    union all select 'fct_meeting_attendees.participant_id', participant_id from fct_meeting_attendees where participant_kind = 'country'
),

final as (
    select used_in, iso2 from codes
    where not regexp_full_match(iso2, '[A-Z]{2}') or iso2 not in (select iso2 from dim_countries)
)

select * from final
