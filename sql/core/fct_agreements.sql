-- Grain: one row per real-world signed agreement.
create table fct_agreements (
    agreement_id varchar primary key,
    agreement_type varchar,
    title varchar,
    meeting_id varchar,
    signed_date date,
    date_precision varchar,
    source_count integer
);
