-- Grain: one row per foreign key value that points at nothing (a check passes with no rows).
with references_ as (
    select 'fct_meeting_attendees.meeting_id' as reference, meeting_id as value, meeting_id in (select meeting_id from fct_meetings) as resolves
    from fct_meeting_attendees
    union all
    select 'fct_meeting_attendees.participant_id (' || participant_kind || ')', participant_id,
        case participant_kind
            when 'person' then participant_id in (select person_id from dim_people)
            when 'agency' then participant_id in (select agency_id from dim_agencies)
            when 'country' then participant_id in (select iso2 from dim_countries)
            else false
        end
    from fct_meeting_attendees
    union all
    select 'fct_meeting_sources.meeting_id', meeting_id, meeting_id in (select meeting_id from fct_meetings) from fct_meeting_sources
    union all
    select 'fct_meeting_sources.article_id', article_id, article_id in (select article_id from dim_articles) from fct_meeting_sources
    union all
    select 'fct_meetings.parent_meeting_id', parent_meeting_id, parent_meeting_id in (select meeting_id from fct_meetings)
    from fct_meetings where parent_meeting_id is not null
    union all
    select 'fct_meetings.organizer_agency_id', organizer_agency_id, organizer_agency_id in (select agency_id from dim_agencies)
    from fct_meetings where organizer_agency_id is not null
    union all
    select 'fct_agreements.meeting_id', meeting_id, meeting_id in (select meeting_id from fct_meetings)
    from fct_agreements where meeting_id is not null
    union all
    select 'fct_agreement_parties.agreement_id', agreement_id, agreement_id in (select agreement_id from fct_agreements)
    from fct_agreement_parties
    union all
    select 'fct_agreement_parties.party_id (' || party_kind || ')', party_id,
        case party_kind
            when 'agency' then party_id in (select agency_id from dim_agencies)
            when 'country' then party_id in (select iso2 from dim_countries)
            else false
        end
    from fct_agreement_parties
    union all
    select 'fct_agreement_sources.agreement_id', agreement_id, agreement_id in (select agreement_id from fct_agreements)
    from fct_agreement_sources
    union all
    select 'dim_people.agency_id', agency_id, agency_id in (select agency_id from dim_agencies)
    from dim_people where agency_id is not null
),

final as (
    select reference, value from references_ where not coalesce(resolves, false)
)

select * from final
