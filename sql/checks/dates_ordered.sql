-- Grain: one row per meeting whose start date falls after its end date, or whose precision contradicts its dates.
with final as (
    select meeting_id, start_date, end_date, date_precision
    from fct_meetings
    where start_date > end_date
        or (date_precision in ('no_year', 'unknown') and (start_date is not null or end_date is not null))
        or (date_precision in ('day', 'month', 'year', 'within_parent') and start_date is null)
)

select * from final
