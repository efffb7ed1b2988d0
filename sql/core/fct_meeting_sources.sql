-- Grain: one row per meeting and article that reports it (with the evidence read).
create table fct_meeting_sources (
    meeting_id varchar,
    article_id varchar,
    evidence varchar
);
