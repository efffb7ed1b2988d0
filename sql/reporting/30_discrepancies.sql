-- Grain: one row per fact (subject), field and distinct value the sources gave.
-- subject_name is the fact's readable name: a meeting's name, an agreement's title, a person's full name.
-- Materialised as a table when the warehouse is built: dashboards read it without recomputing.
create table reporting.discrepancies as
with

fact_values as (
    select * from main.fct_fact_values
),

meetings as (
    select meeting_id, meeting_name from main.fct_meetings
),

agreements as (
    select agreement_id, title from main.fct_agreements
),

persons as (
    select person_id, full_name from main.dim_people
),

final as (
    select
        fact_values.subject_kind,
        fact_values.subject_id,
        coalesce(meetings.meeting_name, agreements.title, persons.full_name) as subject_name,
        fact_values.field,
        fact_values.value,
        fact_values.is_chosen,
        fact_values.article_ids
    from fact_values
    left join meetings
        on fact_values.subject_kind = 'meeting' and fact_values.subject_id = meetings.meeting_id
    left join agreements
        on fact_values.subject_kind = 'agreement' and fact_values.subject_id = agreements.agreement_id
    left join persons
        on fact_values.subject_kind = 'person' and fact_values.subject_id = persons.person_id
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on table reporting.discrepancies is
'Where sources disagree: one row per fact, field and distinct value, and every claimed count ("held 12 meetings") that differs from what the article lists.';
comment on column reporting.discrepancies.subject_kind is 'meeting, agreement or person.';
comment on column reporting.discrepancies.subject_id is 'meeting_id, agreement_id or person_id, after subject_kind.';
comment on column reporting.discrepancies.subject_name is 'Readable name of that meeting, agreement or person.';
comment on column reporting.discrepancies.field is 'The field the sources disagree on, e.g. city, start_date, full_name, claimed_count.';
comment on column reporting.discrepancies.value is 'One value the sources gave, as text.';
comment on column reporting.discrepancies.is_chosen is 'True for the value the fact''s row shows.';
comment on column reporting.discrepancies.article_ids is 'The articles that gave this value.';
