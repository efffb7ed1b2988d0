-- Grain: one row per fact (subject), field and distinct value the sources gave.
create table fct_fact_values (
    subject_kind varchar,
    subject_id varchar,
    field varchar,
    value varchar,
    is_chosen boolean,
    article_ids varchar[]
);
