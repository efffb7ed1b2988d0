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

select * from final
