-- Grain: one row per agreement and party.
create or replace view reporting.agreement_parties as
with

parties as (
    select * from main.fct_agreement_parties
),

agencies as (
    select agency_id, name from main.dim_agencies
),

countries as (
    select iso2, name from main.dim_countries
),

final as (
    select
        parties.agreement_id,
        parties.party_kind,
        parties.party_id,
        case parties.party_kind
            when 'agency' then agencies.name
            when 'country' then countries.name
        end as party_name
    from parties
    left join agencies
        on parties.party_kind = 'agency'
        and parties.party_id = agencies.agency_id
    left join countries
        on parties.party_kind = 'country'
        and parties.party_id = countries.iso2
)

select * from final
