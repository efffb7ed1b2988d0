-- Grain: one row per pipeline run (provenance; earlier runs are carried over from the previous file).
create table run_log (
    run_id varchar primary key,
    started_at timestamp,
    finished_at timestamp,
    articles_loaded integer,
    articles_rejected integer,
    articles_from_cache integer,
    summary varchar
);
