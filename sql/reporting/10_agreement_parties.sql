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

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.agreement_parties is 'One row per agreement and party (an agency or a country that signed it).';
comment on column reporting.agreement_parties.agreement_id is 'The agreement (join to reporting.agreements).';
comment on column reporting.agreement_parties.party_kind is 'agency or country.';
comment on column reporting.agreement_parties.party_id is 'agency_id or ISO alpha-2 code, after party_kind.';
comment on column reporting.agreement_parties.party_name is 'Canonical name of the agency or country.';
