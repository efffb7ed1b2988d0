-- Grain: one row per fact (subject), field and distinct value the sources gave.
-- Materialised as a table when the warehouse is built: dashboards read it without recomputing.
create table reporting.discrepancies as
with

fact_values as (
    select * from main.fct_fact_values
),

final as (
    select
        subject_kind,
        subject_id,
        field,
        value,
        is_chosen,
        article_ids
    from fact_values
)

select * from final
