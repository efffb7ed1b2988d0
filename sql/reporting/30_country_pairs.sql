-- Grain: one row per unordered pair of countries (iso2_a < iso2_b) represented together in a
-- bilateral meeting or both among the parties of an agreement.
-- first_date and last_date span those meetings (start to end) and agreements (signed_date).
-- Materialised as a table when the warehouse is built: dashboards read it without recomputing.
create table reporting.country_pairs as
with

meeting_countries as (
    select * from reporting.meeting_countries
),

agreement_countries as (
    select * from reporting.agreement_countries
),

bilateral_meetings as (
    select meeting_id, start_date, end_date
    from reporting.meetings
    where meeting_type = 'bilateral'
),

agreements as (
    select agreement_id, signed_date from reporting.agreements
),

meeting_pairs as (
    select
        country_a.iso2 as iso2_a,
        country_b.iso2 as iso2_b,
        bilateral_meetings.meeting_id,
        bilateral_meetings.start_date,
        coalesce(bilateral_meetings.end_date, bilateral_meetings.start_date) as end_date
    from bilateral_meetings
    inner join meeting_countries as country_a
        on bilateral_meetings.meeting_id = country_a.meeting_id
    inner join meeting_countries as country_b
        on bilateral_meetings.meeting_id = country_b.meeting_id
        and country_a.iso2 < country_b.iso2
),

agreement_pairs as (
    select
        party_a.iso2 as iso2_a,
        party_b.iso2 as iso2_b,
        agreements.agreement_id,
        agreements.signed_date
    from agreements
    inner join agreement_countries as party_a
        on agreements.agreement_id = party_a.agreement_id
    inner join agreement_countries as party_b
        on agreements.agreement_id = party_b.agreement_id
        and party_a.iso2 < party_b.iso2
),

meeting_pair_stats as (
    select
        iso2_a,
        iso2_b,
        count(distinct meeting_id) as meetings,
        min(start_date) as first_date,
        max(end_date) as last_date
    from meeting_pairs
    group by 1, 2
),

agreement_pair_stats as (
    select
        iso2_a,
        iso2_b,
        count(distinct agreement_id) as agreements,
        min(signed_date) as first_date,
        max(signed_date) as last_date
    from agreement_pairs
    group by 1, 2
),

countries as (
    select iso2, name from main.dim_countries
),

pairs as (
    select iso2_a, iso2_b from meeting_pair_stats
    union
    select iso2_a, iso2_b from agreement_pair_stats
),

final as (
    select
        pairs.iso2_a,
        pairs.iso2_b,
        country_a.name as name_a,
        country_b.name as name_b,
        cast(coalesce(meeting_pair_stats.meetings, 0) as integer) as meetings,
        cast(coalesce(agreement_pair_stats.agreements, 0) as integer) as agreements,
        -- least/greatest skip NULLs, so a pair with undated meetings keeps its agreements' dates.
        least(meeting_pair_stats.first_date, agreement_pair_stats.first_date) as first_date,
        greatest(meeting_pair_stats.last_date, agreement_pair_stats.last_date) as last_date
    from pairs
    left join countries as country_a on pairs.iso2_a = country_a.iso2
    left join countries as country_b on pairs.iso2_b = country_b.iso2
    left join meeting_pair_stats
        on pairs.iso2_a = meeting_pair_stats.iso2_a
        and pairs.iso2_b = meeting_pair_stats.iso2_b
    left join agreement_pair_stats
        on pairs.iso2_a = agreement_pair_stats.iso2_a
        and pairs.iso2_b = agreement_pair_stats.iso2_b
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on table reporting.country_pairs is
'Dashboard mart: one row per unordered pair of countries that met bilaterally or signed an agreement together.';
comment on column reporting.country_pairs.iso2_a is 'ISO alpha-2 code of the first country (iso2_a < iso2_b).';
comment on column reporting.country_pairs.iso2_b is 'ISO alpha-2 code of the second country.';
comment on column reporting.country_pairs.name_a is 'English name of the first country.';
comment on column reporting.country_pairs.name_b is 'English name of the second country.';
comment on column reporting.country_pairs.meetings is 'Bilateral meetings between them.';
comment on column reporting.country_pairs.agreements is 'Agreements both signed.';
comment on column reporting.country_pairs.first_date is 'Earliest date of those meetings and agreements, else NULL.';
comment on column reporting.country_pairs.last_date is 'Latest date of those meetings and agreements, else NULL.';
