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

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.agreements is
'One row per real-world signed agreement (memorandum, agreement, protocol, declaration), merged across articles. Agreements only reached, planned or under negotiation are not here.';
comment on column reporting.agreements.agreement_id is 'Stable id of the agreement; it survives rebuilds.';
comment on column reporting.agreements.agreement_type is 'mou, agreement, protocol or declaration.';
comment on column reporting.agreements.title is 'The title or description the articles give, else NULL.';
comment on column reporting.agreements.meeting_id is 'The most specific meeting it was signed at (join to reporting.meetings), else NULL.';
comment on column reporting.agreements.signed_date is 'Day it was signed; see date_precision. NULL when unknown.';
comment on column reporting.agreements.date_precision is
'As for meetings: day, month, year, within_parent (no date of its own: the first day of the meeting it was signed at), no_year or unknown.';
comment on column reporting.agreements.source_count is 'How many articles report this agreement.';
