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

select * from final
