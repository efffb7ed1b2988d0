-- Grain: one row per real-world signed agreement.
create or replace view reporting.agreements as
with

agreements as (
    select * from main.fct_agreements
),

final as (
    select
        agreement_id,
        agreement_type,
        title,
        meeting_id,
        signed_date,
        date_precision,
        source_count
    from agreements
)

select * from final
