-- Grain: one row per agreement and country among its parties.
-- A country is a party directly or through one of its national agencies; written once here and
-- reused by the marts.
-- Materialised as a table when the warehouse is built: dashboards read it without recomputing.
create table reporting.agreement_countries as
with

parties as (
    select * from reporting.agreement_parties
),

national_agencies as (
    select agency_id, country_iso2
    from reporting.agencies
    where agency_type is distinct from 'international'
),

country_parties as (
    select agreement_id, party_id as iso2
    from parties
    where party_kind = 'country'
),

agency_parties as (
    select parties.agreement_id, national_agencies.country_iso2 as iso2
    from parties
    inner join national_agencies on parties.party_id = national_agencies.agency_id
    where parties.party_kind = 'agency'
),

final as (
    select distinct agreement_id, iso2
    from (
        select * from country_parties
        union all
        select * from agency_parties
    ) as represented
    where iso2 is not null
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on table reporting.agreement_countries is
'One row per agreement and country among its parties: country parties plus the countries of national agencies that signed.';
comment on column reporting.agreement_countries.agreement_id is 'The agreement (join to reporting.agreements).';
comment on column reporting.agreement_countries.iso2 is 'ISO alpha-2 code of a country among its parties (join to reporting.countries).';
