-- Grain: one row per input article or refused input (article_id).
create table dim_articles (
    article_id varchar primary key,
    source_file varchar,
    content_hash varchar,
    url varchar,
    title varchar,
    outlet varchar,
    published_date date,
    published_date_precision varchar,
    language varchar,
    status varchar,
    status_reason varchar
);
