-- Grain: one row per agreement and article that reports it.
create or replace view reporting.agreement_sources as
with

sources as (
    select * from main.fct_agreement_sources
),

final as (
    select
        agreement_id,
        article_id,
        evidence
    from sources
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.agreement_sources is
'Provenance of agreements: one row per agreement and article that reports it, with the sentences it was read from.';
comment on column reporting.agreement_sources.agreement_id is 'The agreement (join to reporting.agreements).';
comment on column reporting.agreement_sources.article_id is 'The article (join to reporting.articles).';
comment on column reporting.agreement_sources.evidence is 'The sentence or sentences of that article the agreement was read from.';
