-- Grain: one row per meeting or agreement without a source article and evidence sentence.
with meeting_evidence as (
    select m.meeting_id as fact_id, 'meeting' as fact_kind, count(s.article_id) filter (where length(trim(s.evidence)) > 0) as sources
    from fct_meetings as m
    left join fct_meeting_sources as s using (meeting_id)
    group by all
),

agreement_evidence as (
    select
        a.agreement_id as fact_id,
        'agreement' as fact_kind,
        count(s.article_id) filter (where length(trim(s.evidence)) > 0) as sources
    from fct_agreements as a
    left join fct_agreement_sources as s using (agreement_id)
    group by all
),

final as (
    select * from meeting_evidence where sources = 0
    union all
    select * from agreement_evidence where sources = 0
)

select * from final
