-- Grain: one row per id retired by a merge (two published facts found to be one), with the id that now
-- stands for it. A saved filter or bookmark on a retired id finds its fact here.
create or replace view reporting.id_aliases as
with

aliases as (
    select * from main.id_aliases
),

final as (
    select
        subject_kind,
        alias_id,
        subject_id
    from aliases
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.id_aliases is
'Ids retired when a new article showed two published facts to be one: each retired id with the id that now stands for it. Ids are otherwise stable across rebuilds.';
comment on column reporting.id_aliases.subject_kind is 'meeting, agreement, person or agency.';
comment on column reporting.id_aliases.alias_id is 'The retired id, as an earlier warehouse published it.';
comment on column reporting.id_aliases.subject_id is 'The id that now stands for the same fact (join to the view of its kind).';
