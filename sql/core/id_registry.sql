-- Grain: one row per published id and mention behind it (an article's meeting, agreement, or name as read).
-- Internal: the next build reads it back so that an id outlives new reports, merges and splits (etl/ids.py).
create table id_registry (
    subject_kind varchar not null,
    subject_id varchar not null,
    article_id varchar not null,
    mention_key varchar not null,
    primary key (subject_kind, article_id, mention_key)
);
