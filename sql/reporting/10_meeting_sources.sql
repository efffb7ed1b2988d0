-- Grain: one row per meeting and article that reports it.
create or replace view reporting.meeting_sources as
with

sources as (
    select * from main.fct_meeting_sources
),

final as (
    select
        meeting_id,
        article_id,
        evidence
    from sources
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.meeting_sources is
'Provenance of meetings: one row per meeting and article that reports it, with the sentences it was read from.';
comment on column reporting.meeting_sources.meeting_id is 'The meeting (join to reporting.meetings).';
comment on column reporting.meeting_sources.article_id is 'The article (join to reporting.articles).';
comment on column reporting.meeting_sources.evidence is 'The sentence or sentences of that article the meeting was read from.';
